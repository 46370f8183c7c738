/**
 * The platform under load runs in a process of its own (so the load generator
 * and the server never share an event loop), on the benchmark's own data:
 *   - Redis: REDIS_URL with a key prefix of this run (deleted afterwards), or a
 *     throwaway redis-server;
 *   - database: with DATABASE_URL a fresh database on that server (dropped
 *     afterwards), else PGlite in a temporary directory;
 *   - no traffic feeder, no console files, logs at warn.
 * BENCH_PROFILE=1 writes a V8 CPU profile of the server to benchmarks/results/profiles/, BENCH_HEAP_PROFILE=1 a sampled heap profile.
 * Answers are not checked against their schemas (API_RESPONSE_VALIDATION=off, as in production; set it to `on` to include the check).
 * BENCH_START_TIMEOUT_MS: how long the server may take to start (default 60 s; a loaded machine needs more).
 * BENCH_SERVER_NODE_FLAGS: Node flags for the server besides the platform's own (space-separated, after them, so a
 * `--max-semi-space-size=64` there wins over PLATFORM_NODE_FLAGS' 32): to try a setting on the same code, run against run.
 * `addApiProcess()` starts one more API process (role `api`) on the same database and Redis prefix
 * (PostgreSQL only: PGlite lives inside the first process), as a second replica behind a balancer;
 * `addGatewayProcess()` a device gateway process (role `gateway`) the same way.
 * `loopLag(url)` reads a process's event-loop delay (Prometheus' `nodejs_eventloop_lag_*`, served to the
 * bench with a token of its own) since the previous call: the wait every callback of that process had.
 * `deltaLag(url)` reads a process's histogram of event → emit of its live deltas (cumulative buckets, seconds).
 */
import { ROUTES, createClient } from '@borderflow/client';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import { spawnPlatform } from '@borderflow/api/src/testing/spawn-platform.ts';
import type { PlatformChildOptions } from '@borderflow/api/src/testing/platform-child.ts';
import { openBenchRedis } from './bench-redis.ts';
import { createBenchDatabase } from './bench-database.ts';

export const PROFILE_DIR = fileURLToPath(new URL('../results/profiles/', import.meta.url));
const JWT_SECRET = 'benchmark-secret-that-is-at-least-32-characters-long';
/** Only the bench reads the servers' /metrics (their event-loop delay). */
const METRICS_TOKEN = 'benchmark-metrics-token';

/** A process's /metrics text (the bench's own token). */
async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${url}/metrics: ${res.status}`);
  return res.text();
}

/** A process's event-loop delay (ms) since the previous read (prom-client resets it on each scrape). */
export interface LoopLag {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface BenchPlatform {
  url: string;
  /** The device gateway's own port (when `gatewayPort` was asked for), else null. */
  gatewayUrl: string | null;
  pid: number;
  /** What it runs on, for the results: e.g. "PostgreSQL (DATABASE_URL), Redis (REDIS_URL)". */
  stores: string;
  redisUrl: string;
  /** The run's PostgreSQL database, or null for PGlite (inside the server process). */
  databaseUrl: string | null;
  /** Key prefix of this run's Redis keys. */
  prefix: string;
  /** Signs in a demo user (password `demo`) and returns the bearer token. */
  login(username: string): Promise<string>;
  /** Another API process (role `api`) on the same stores; stopped with the platform. */
  addApiProcess(): Promise<{ url: string; pid: number }>;
  /** A device gateway process (role `gateway`, as `npm run start:gateway`) on the same stores; stopped with the platform. */
  addGatewayProcess(): Promise<{ url: string; pid: number }>;
  /** The event-loop delay of the process at `url` since the last call (the first call starts the window). */
  loopLag(url: string): Promise<LoopLag>;
  /** `borderflow_live_delta_lag_seconds` of the process at `url` since its start: cumulative count per upper bound (s). */
  deltaLag(url: string): Promise<Map<number, number>>;
  stop(): Promise<void>;
}

/**
 * @example
 * const platform = await startBenchPlatform('api');
 * const token = await platform.login('driver1');
 * // … load platform.url …
 * await platform.stop();
 */
export async function startBenchPlatform(label: string, extra: Partial<PlatformChildOptions> = {}): Promise<BenchPlatform> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((err: unknown) => console.warn('cleanup:', err));
    cleanups.length = 0;
  };
  try {
    const redis = await openBenchRedis();
    cleanups.push(() => redis.stop());
    const prefix = `bench:${label}:${process.pid}:`;
    cleanups.push(async () => {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
      try {
        await deleteKeysWithPrefix(client, prefix);
      } finally {
        client.disconnect();
      }
    });
    const dataDir = mkdtempSync(join(tmpdir(), `bf-bench-${label}-`));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    if (process.env.DATABASE_URL) {
      const db = await createBenchDatabase(label);
      if (!db) throw new Error('DATABASE_URL is set but its server does not answer');
      cleanups.push(() => db.drop());
      databaseUrl = db.url;
    }
    // The request limiter runs (its cost is part of the figures) but never refuses the benchmark's load.
    const env: NodeJS.ProcessEnv = {
      RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_ACCOUNT: '1000000000',
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // As production runs (NODE_ENV=production skips it): the check of every answer against its
      // schema is a development and test net (http/response-check.ts), ~5 % of a trip read's CPU.
      API_RESPONSE_VALIDATION: process.env.API_RESPONSE_VALIDATION ?? 'off',
      // driver1 registers thousands of trips of one company here: the cap is still checked on every
      // registration (same lock and count), only set above what the benchmark registers.
      TRIP_CAP_PER_COMPANY: process.env.TRIP_CAP_PER_COMPANY ?? '1000000',
    };
    const execArgv: string[] = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
    if (process.env.BENCH_PROFILE) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`);
    }
    // What feeds the garbage collector: a sampled allocation profile (.heapprofile, by allocating function).
    if (process.env.BENCH_HEAP_PROFILE) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      execArgv.push('--heap-prof', `--heap-prof-dir=${PROFILE_DIR}`, '--heap-prof-interval=16384');
    }
    const options: PlatformChildOptions = { port: 0, host: '127.0.0.1', redisUrl: redis.url, prefix, dataDir, databaseUrl, jwtSecret: JWT_SECRET, staticDir: null,
      metrics: { token: METRICS_TOKEN, port: null }, ...extra };
    const spawnOptions = { env, execArgv, startTimeoutMs: Number(process.env.BENCH_START_TIMEOUT_MS ?? 60_000) };
    const child = await spawnPlatform(options, spawnOptions);
    // SIGTERM first: the server closes cleanly (and writes its CPU profile when asked).
    cleanups.push(() => child.stop(15_000));
    return {
      url: child.url,
      gatewayUrl: child.gatewayUrl,
      pid: child.pid,
      stores: `${databaseUrl ? 'PostgreSQL (DATABASE_URL, fresh database)' : 'PGlite (in the server process)'}, Redis (${redis.kind})`,
      redisUrl: redis.url,
      databaseUrl: databaseUrl ?? null,
      prefix,
      async login(username) {
        return (await createClient({ baseUrl: child.url }).call(ROUTES.login, { body: { username, password: 'demo' } })).token;
      },
      async addApiProcess() {
        if (!databaseUrl) throw new Error('a second API process needs DATABASE_URL (PGlite lives inside the first)');
        const replica = await spawnPlatform({ ...options, role: 'api' }, spawnOptions);
        cleanups.push(() => replica.stop(15_000));
        return { url: replica.url, pid: replica.pid };
      },
      async addGatewayProcess() {
        if (!databaseUrl) throw new Error('a gateway process needs DATABASE_URL (PGlite lives inside the first)');
        const gateway = await spawnPlatform({ ...options, role: 'gateway', gatewayPort: undefined }, spawnOptions);
        cleanups.push(() => gateway.stop(15_000));
        return { url: gateway.url, pid: gateway.pid };
      },
      async deltaLag(url) {
        const text = await scrape(url);
        const buckets = new Map<number, number>();
        for (const m of text.matchAll(/^borderflow_live_delta_lag_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) {
          buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
        }
        return buckets;
      },
      async loopLag(url) {
        const text = await scrape(url);
        const ms = (name: string) => {
          const m = new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text);
          return m ? Math.round(Number(m[1]) * 1e4) / 10 : NaN;
        };
        return { p50_ms: ms('p50'), p99_ms: ms('p99'), max_ms: ms('max') };
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
