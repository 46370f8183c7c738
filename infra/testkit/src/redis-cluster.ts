/**
 * A real Redis Cluster on loopback for tests and local trials: `masters` redis-servers with
 * `--cluster-enabled yes`, each with `replicasPerMaster` replicas, joined by
 * `redis-cli --cluster create … --cluster-replicas N --cluster-yes`. (infra/scripts/redis-cluster.sh
 * does the same from a shell, leaving the cluster running in the background.)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findExecutable } from './redis-binary.ts';
import { startRedisServer, type RedisServerHandle } from './redis-server.ts';

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** Parent directory: each node gets `node-<port>/` (its nodes.conf lives there). */
  dir: string;
  /** Default 3. */
  masters?: number;
  /** Default 1. */
  replicasPerMaster?: number;
}

export interface RedisClusterHandle {
  /** "127.0.0.1:port" of every node, masters first (what REDIS_CLUSTER_NODES takes). */
  nodes: string[];
  servers: RedisServerHandle[];
  /**
   * Starts a stopped or crashed node again on its port, data directory and nodes.conf, as an
   * orchestrator restarts a dead pod: a master whose slots were taken over comes back as the new
   * master's replica.
   */
  restart(port: number): Promise<RedisServerHandle>;
  stop(): Promise<void>;
}

/**
 * @example
 * const cluster = await startRedisCluster({ dir: mkdtempSync(join(tmpdir(), 'cluster-')) });
 * const redis = new Cluster(cluster.nodes.map(parseNode), { scaleReads: 'master' });
 * await cluster.stop();
 */
export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisClusterHandle> {
  const cli = findExecutable('redis-cli');
  if (!cli) throw new Error('redis-cli is not installed (it comes with redis-server: apt-get install -y redis-server)');
  const count = (options.masters ?? 3) * (1 + (options.replicasPerMaster ?? 1));
  const servers: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    const startNode = (i: number, port?: number) => startRedisServer({
      dir: join(options.dir, `node-${i}`), appendonly: false, ...(port ? { port } : {}),
      args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
    });
    for (let i = 0; i < count; i++) servers.push(await startNode(i));
    const restart = async (port: number) => {
      const i = servers.findIndex((s) => s.port === port);
      if (i < 0) throw new Error(`no cluster node on port ${port}`);
      await servers[i]!.stop();
      servers[i] = await startNode(i, port);
      return servers[i]!;
    };
    const nodes = servers.map((s) => `127.0.0.1:${s.port}`);
    await run(cli, ['--cluster', 'create', ...nodes, '--cluster-replicas', String(options.replicasPerMaster ?? 1), '--cluster-yes'], { timeout: 60_000 });
    await waitForClusterOk(servers);
    return { nodes, servers, restart, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every node reports `cluster_state:ok` and knows all slots (the gossip has converged). */
async function waitForClusterOk(servers: RedisServerHandle[], timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (const s of servers) {
    const client = new Redis(s.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      for (;;) {
        const info = String(await client.call('CLUSTER', 'INFO'));
        if (info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384')) break;
        if (Date.now() > end) throw new Error(`cluster node ${s.url} is not ready: ${info.split('\n')[0]}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      client.disconnect();
    }
  }
}

/** "host:port" → ioredis' `{ host, port }`. */
export function parseNode(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(':');
  const port = Number(node.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0) throw new Error(`REDIS_CLUSTER_NODES: "${node}" is not host:port`);
  return { host: node.slice(0, at), port };
}
