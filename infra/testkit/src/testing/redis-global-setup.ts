import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../redis-server.ts';
import type {} from './provided-context.ts';

/**
 * vitest globalSetup: gives every test worker a Redis at process.env.REDIS_URL.
 * If REDIS_URL is already set it is checked and used as is; otherwise a throw-away redis-server
 * child (no AOF, temp dir) is started for this run and stopped afterwards. Workers are forked after
 * global setup and inherit process.env, which is why setting it here reaches them.
 *
 * @example
 * ```ts
 * // vitest.config.ts (borderflowVitestConfig() already does this)
 * export default defineConfig({ test: { globalSetup: [REDIS_GLOBAL_SETUP] } });
 * ```
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env.REDIS_URL;
  if (existing) {
    await assertAnswers(existing);
    project.provide('redisUrl', existing);
    return undefined;
  }

  const dir = await mkdtemp(join(tmpdir(), 'borderflow-test-redis-'));
  const server = await startRedisServer({ dir, appendonly: false });
  process.env.REDIS_URL = server.url;
  project.provide('redisUrl', server.url);

  return async () => {
    await server.stop();
    delete process.env.REDIS_URL;
    await rm(dir, { recursive: true, force: true });
  };
}

async function assertAnswers(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000 });
  // ioredis rejects with a generic "Connection is closed."; the 'error' event has the cause.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `REDIS_URL=${url} does not answer (${(cause ?? (error as Error)).message}). ` +
        'Start that Redis, or unset REDIS_URL to let the tests start their own redis-server.',
    );
  } finally {
    redis.disconnect();
  }
}
