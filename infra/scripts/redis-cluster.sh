#!/usr/bin/env bash
# A local Redis Cluster of 3 masters and 3 replicas on loopback, left running in the background.
#
#   bash infra/scripts/redis-cluster.sh start   # ports 7001-7006 (CLUSTER_BASE_PORT=7000), data in .data/redis-cluster
#   REDIS_CLUSTER_NODES=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 npm start
#   bash infra/scripts/redis-cluster.sh status
#   bash infra/scripts/redis-cluster.sh stop    # SHUTDOWN NOSAVE on every node, then removes its data
#
# Every key of one gate carries the hash tag {g:<gate>}, so each gate lives in one slot.
set -euo pipefail

BASE_PORT="${CLUSTER_BASE_PORT:-7000}"
DIR="${CLUSTER_DIR:-.data/redis-cluster}"
NODES=6

ports() { for i in $(seq 1 "$NODES"); do echo $((BASE_PORT + i)); done; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed: sudo apt-get install -y redis-server (Debian/Ubuntu) or brew install redis" >&2; exit 1; }
}

start() {
  need redis-server
  need redis-cli
  mkdir -p "$DIR"
  for port in $(ports); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then
      echo "port $port is already in use (a cluster still running? bash $0 stop)" >&2
      exit 1
    fi
    mkdir -p "$DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$DIR/$port" --daemonize yes \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
      --appendonly yes --save "" --pidfile "$(cd "$DIR/$port" && pwd)/redis.pid" --logfile redis.log
  done
  for port in $(ports); do
    for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create $(ports | sed 's/^/127.0.0.1:/') --cluster-replicas 1 --cluster-yes >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -p $((BASE_PORT + 1)) cluster info | grep -q 'cluster_state:ok' && break
    sleep 0.2
  done
  echo "Redis Cluster up: REDIS_CLUSTER_NODES=$(ports | head -3 | sed 's/^/127.0.0.1:/' | paste -sd,)"
}

stop() {
  for port in $(ports); do
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "$DIR"
  echo "Redis Cluster stopped"
}

status() {
  redis-cli -p $((BASE_PORT + 1)) cluster nodes
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
