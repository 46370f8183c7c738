/**
 * CPU the stores spend on a benchmark's work, to set beside the client's:
 *   - Redis: `used_cpu_user + used_cpu_sys` from INFO (the whole server: exact
 *     with the benchmark's own redis-server);
 *   - PostgreSQL: the backends serving one database (pg_stat_activity),
 *     read from /proc, so only when the server runs on this machine.
 * Throughput falls when other work competes for the cores; CPU per unit of
 * work is the steadier figure to compare implementations by.
 */
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { treeCpuMs } from './process-cpu.ts';

/** CPU seconds of a process and its children (/proc), or null where /proc is not there. */
export function serverCpuSeconds(pid: number): number | null {
  try {
    return treeCpuMs(pid) / 1000;
  } catch {
    return null;
  }
}

/** Redis server CPU seconds so far. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
}

/**
 * CPU seconds so far of the backends connected to the pool's database, keyed
 * by backend pid (a backend that exits between two readings drops out: keep
 * the pools' idle timeout longer than the run). Null when they are not on this machine.
 */
export async function postgresBackendCpu(pool: pg.Pool): Promise<Map<number, number> | null> {
  const r = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const cpu = new Map<number, number>();
  for (const { pid } of r.rows) {
    const s = serverCpuSeconds(pid);
    if (s === null) return null;
    cpu.set(pid, s);
  }
  // A remote server's pids are not ours: /proc has nothing for them (or other processes).
  return [...cpu.values()].some((s) => s > 0) ? cpu : null;
}

/** Opens `count` connections at once and gives them back, so no backend starts inside a measured window. */
export async function warmPool(pool: pg.Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  for (const c of clients) c.release();
}

/**
 * CPU seconds the backends used between two readings; a backend that started
 * in between (a pool opening a connection) counts in full.
 */
export function backendCpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

/** Client CPU (this process) plus store CPU, per unit of work, in µs. */
export interface CpuPerUnit {
  client_cpu_us: number;
  store_cpu_us: number | null;
}

/**
 * @example
 * cpuPerUnit(process.cpuUsage(before), 0.8, 10_000); // { client_cpu_us: 120, store_cpu_us: 80 }
 */
export function cpuPerUnit(client: NodeJS.CpuUsage, storeSeconds: number | null, units: number): CpuPerUnit {
  const n = Math.max(1, units);
  return {
    client_cpu_us: Math.round((client.user + client.system) / n),
    store_cpu_us: storeSeconds === null ? null : Math.round((storeSeconds * 1e6) / n),
  };
}
