#!/bin/bash
# Instructions redis-server executes per merged lane cycle (callgrind), for each scheduler source
# folder given: a count the machine's load does not blur. See src/scheduler-instructions.ts.
# Needs valgrind (apt-get install -y valgrind). Usage from the repo root:
#   bash benchmarks/scheduler-instructions.sh services/scheduler/src [other/scheduler/src …]
set -eu
CYCLES=${BENCH_CYCLES:-300}
PORT=${BENCH_CG_PORT:-7393}
for src in "$@"; do
  dir=$(mktemp -d /tmp/bf-sched-cg.XXXX)
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/cg.out" \
    redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" >"$dir/log" 2>&1 &
  vg=$!
  for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.3; done
  CG_PID=$vg REDIS_URL="redis://127.0.0.1:$PORT" BENCH_CYCLES=$CYCLES npx tsx benchmarks/src/scheduler-instructions.ts "$(realpath "$src")" | tail -1
  redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
  wait "$vg" || true
  ir=$(callgrind_annotate "$dir/cg.out.1" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{gsub(",", "", $1); print $1}')
  echo "$src: $((ir / CYCLES)) instructions per cycle in redis-server (callgrind: $dir/cg.out.1)"
done
