import { Redis } from 'ioredis';
import { uniqueId } from './unique-id.ts';

export interface TestRedis {
  /** A client connected to REDIS_URL (the kit's redis-server child, or the server you named). */
  redis: Redis;
  /** `t:<random>:` — put it in front of every key this test touches. */
  prefix: string;
  /** `prefix + name` */
  key(name: string): string;
  /** Deletes every key under `prefix` (SCAN + UNLINK) and closes the client. */
  cleanup(): Promise<void>;
}

/**
 * The Redis URL tests must use: REDIS_URL, which `redis-global-setup` sets for every test worker.
 *
 * @example
 * ```ts
 * const url = testRedisUrl(); // "redis://127.0.0.1:40123"
 * ```
 */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) {
    throw new Error(
      'REDIS_URL is not set. Run the tests through vitest with borderflowVitestConfig() (its globalSetup starts ' +
        'a redis-server and sets REDIS_URL), or set REDIS_URL=redis://127.0.0.1:6379 yourself.',
    );
  }
  return url;
}

/**
 * A Redis client for one test (or one test file) with a key prefix nobody else uses, so tests can
 * share one Redis server and run in parallel. Call `cleanup()` in `afterEach`/`afterAll`.
 *
 * @example
 * ```ts
 * let t: TestRedis;
 * beforeEach(() => { t = testRedis(); });
 * afterEach(() => t.cleanup());
 * it('works', async () => {
 *   const s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
 * });
 * ```
 */
export function testRedis(options: { url?: string; prefix?: string } = {}): TestRedis {
  const prefix = options.prefix ?? `t:${uniqueId()}:`;
  const redis = new Redis(options.url ?? testRedisUrl(), {
    // Fail a test fast with the real error instead of retrying for a long time.
    maxRetriesPerRequest: 3,
    connectionName: `borderflow-test:${prefix}`,
  });
  return {
    redis,
    prefix,
    key: (name) => prefix + name,
    cleanup: async () => {
      try {
        if (redis.status === 'ready' || redis.status === 'connecting' || redis.status === 'connect') {
          await deleteKeysWithPrefix(redis, prefix);
        }
      } finally {
        // Wait for 'end' too, so no socket of this test outlives it (quit() resolves on "OK").
        const ended = new Promise((resolve) => redis.once('end', resolve));
        await redis.quit().catch(() => redis.disconnect());
        if (redis.status !== 'end') await ended;
      }
    },
  };
}

/**
 * Deletes every key that starts with `prefix`, in batches (SCAN + UNLINK, never KEYS).
 *
 * @example
 * ```ts
 * const removed = await deleteKeysWithPrefix(redis, 't:abc123:');
 * ```
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
