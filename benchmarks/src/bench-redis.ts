/**
 * The Redis a benchmark runs on: REDIS_URL (with a key prefix of its own), or a
 * throwaway `redis-server` child without persistence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { startRedisServer } from '@borderflow/testkit';

export interface BenchRedis {
  url: string;
  /** 'REDIS_URL' or 'embedded redis-server'. */
  kind: string;
  stop(): Promise<void>;
}

/**
 * @example
 * const redis = await openBenchRedis();
 * const client = new Redis(redis.url);
 * // …
 * await redis.stop();
 */
export async function openBenchRedis(): Promise<BenchRedis> {
  const url = process.env.REDIS_URL;
  if (url) return { url, kind: 'REDIS_URL', stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-redis-'));
  const server = await startRedisServer({ dir, appendonly: false });
  return {
    url: server.url,
    kind: 'embedded redis-server',
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The end of a run on `server`: its keys (under its own `prefix`) deleted, its client closed, the
 * Redis it started stopped.
 * @example
 * try { … } finally { await closeBenchRedis(redis, prefix, server); }
 */
export async function closeBenchRedis(redis: Redis, prefix: string, server: BenchRedis): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await server.stop();
}
