/**
 * Where a request's time goes, counted at the stores: Redis commands (by
 * name, from INFO commandstats; commands run inside Lua scripts count too) and
 * Redis CPU, and PostgreSQL transactions of one database (pg_stat_database;
 * every statement outside a transaction is one), read before and after a load
 * phase. Divided by the requests of the phase they give "work per request".
 * On a shared server other clients' work is counted too: the figures are an
 * upper bound there, exact with the benchmark's own redis-server and database.
 * PostgreSQL publishes a backend's counters within about a second of it going
 * idle: read them after a short pause.
 */
import type { Redis } from 'ioredis';
import pg from 'pg';
import { redisCpuSeconds, serverCpuSeconds } from './store-cpu.ts';

export interface StoreCounters {
  redisCalls: Map<string, number>;
  redisCpuS: number;
  pgTransactions: number | null;
  /** CPU seconds (user + system) the server processes (and their children) used, from /proc (Linux); null elsewhere. */
  serverCpuS: number | null;
}

/** INFO commandstats → calls per command. */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
  return calls;
}

/** The database named by a postgresql:// URL, or null. */
function databaseOf(url: string | null): string | null {
  return url ? decodeURIComponent(new URL(url).pathname.slice(1)) || null : null;
}

/**
 * @example
 * const before = await readStoreCounters(redis, dbUrl);
 * // … load …
 * const per = perRequest(before, await readStoreCounters(redis, dbUrl), requests);
 */
export async function readStoreCounters(redis: Redis, databaseUrl: string | null, serverPid?: number | readonly number[]): Promise<StoreCounters> {
  // Several API processes (replicas): their CPU together.
  const pids = serverPid === undefined ? [] : typeof serverPid === 'number' ? [serverPid] : serverPid;
  const cpus = pids.map(serverCpuSeconds);
  const serverCpuS = cpus.length === 0 || cpus.includes(null) ? null : (cpus as number[]).reduce((a, b) => a + b, 0);
  const [stats, redisCpuS] = await Promise.all([redis.info('commandstats'), redisCpuSeconds(redis)]);
  let pgTransactions: number | null = null;
  const database = databaseOf(databaseUrl);
  if (databaseUrl && database) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const r = await client.query<{ xact: string }>(
        'SELECT xact_commit + xact_rollback AS xact FROM pg_stat_database WHERE datname = $1',
        [database],
      );
      pgTransactions = Number(r.rows[0]?.xact ?? 0);
    } finally {
      await client.end();
    }
  }
  return { redisCalls: parseCommandStats(stats), redisCpuS, pgTransactions, serverCpuS };
}

export interface PerRequest {
  redis_commands: number;
  /** The commands behind those figures, most frequent first (per request). */
  redis_top: Record<string, number>;
  redis_cpu_us: number;
  pg_transactions: number | null;
  /** CPU time of the API server process per request (µs). */
  server_cpu_us: number | null;
}

/**
 * Counter deltas divided by `requests`.
 *
 * @example
 * perRequest(before, after, 1000); // { redis_commands: 12.1, redis_top: { hgetall: 8, … }, … }
 */
export function perRequest(before: StoreCounters, after: StoreCounters, requests: number): PerRequest {
  const n = Math.max(1, requests);
  const deltas: Array<[string, number]> = [];
  let total = 0;
  for (const [cmd, calls] of after.redisCalls) {
    // The counter reads themselves (INFO) are not the requests' doing.
    if (cmd === 'info') continue;
    const d = calls - (before.redisCalls.get(cmd) ?? 0);
    if (d > 0) {
      deltas.push([cmd, d]);
      total += d;
    }
  }
  deltas.sort((a, b) => b[1] - a[1]);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    redis_commands: round2(total / n),
    redis_top: Object.fromEntries(deltas.slice(0, 6).map(([cmd, d]) => [cmd, round2(d / n)])),
    redis_cpu_us: Math.round(((after.redisCpuS - before.redisCpuS) * 1e6) / n),
    pg_transactions:
      before.pgTransactions === null || after.pgTransactions === null ? null : round2((after.pgTransactions - before.pgTransactions) / n),
    server_cpu_us:
      before.serverCpuS === null || after.serverCpuS === null ? null : Math.round(((after.serverCpuS - before.serverCpuS) * 1e6) / n),
  };
}
