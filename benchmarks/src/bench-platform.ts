/**
 * The platform under load runs in a process of its own (so the load generator
 * and the server never share an event loop), on the benchmark's own data:
 *   - Redis: REDIS_URL with a key prefix of this run (deleted afterwards), or a
 *     throwaway redis-server;
 *   - database: with DATABASE_URL a fresh database on that server (dropped
 *     afterwards), else PGlite in a temporary directory;
 *   - no traffic feeder, no console files, logs at warn.
 * BENCH_PROFILE=1 writes a V8 CPU profile of the server to benchmarks/results/profiles/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '@borderflow/infra/testing';
import { spawnPlatform } from '@borderflow/api/src/testing/spawn-platform.ts';
import type { PlatformChildOptions } from '@borderflow/api/src/testing/platform-child.ts';
import { openBenchRedis } from './bench-redis.ts';
import { createBenchDatabase } from './bench-database.ts';

export const PROFILE_DIR = fileURLToPath(new URL('../results/profiles/', import.meta.url));
const JWT_SECRET = 'benchmark-secret-that-is-at-least-32-characters-long';

export interface BenchPlatform {
  url: string;
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
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    const execArgv: string[] = [];
    if (process.env.BENCH_PROFILE) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`);
    }
    const child = await spawnPlatform(
      { port: 0, host: '127.0.0.1', redisUrl: redis.url, prefix, dataDir, databaseUrl, jwtSecret: JWT_SECRET, staticDir: null, ...extra },
      { env, execArgv, startTimeoutMs: 60_000 },
    );
    // SIGTERM first: the server closes cleanly (and writes its CPU profile when asked).
    cleanups.push(() => child.stop(15_000));
    return {
      url: child.url,
      pid: child.pid,
      stores: `${databaseUrl ? 'PostgreSQL (DATABASE_URL, fresh database)' : 'PGlite (in the server process)'}, Redis (${redis.kind})`,
      redisUrl: redis.url,
      databaseUrl: databaseUrl ?? null,
      prefix,
      async login(username) {
        const res = await fetch(`${child.url}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'demo' }),
        });
        if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
        return ((await res.json()) as { token: string }).token;
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
