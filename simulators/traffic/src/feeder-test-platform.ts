/**
 * The real platform the feeder's tests drive: HTTP API, scheduler on real Redis under a unique
 * prefix, a real database (PGlite, or PostgreSQL with DATABASE_URL), no built-in feeder.
 * For tests only.
 */
import { createLogger, startPlatform, type Platform } from '@borderflow/api';
import { Redis } from 'ioredis';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { testRedis, testRedisUrl, type TestRedis } from '@borderflow/testkit/testing';
import type { FeederStats, TrafficFeeder } from './traffic-feeder.ts';

export interface FeederTestPlatform {
  db: TestDatabase;
  redis: TestRedis;
  platform: Platform;
  close(): Promise<void>;
}

/**
 * @example
 * beforeAll(async () => { t = await startFeederTestPlatform(); }, 120_000);
 * afterAll(() => t?.close());
 */
export async function startFeederTestPlatform(): Promise<FeederTestPlatform> {
  const db = await openTestDatabase();
  const redis = testRedis(); // its unique prefix is the platform's, so cleanup() removes every key
  const platform = await startPlatform({
    port: 0,
    host: '127.0.0.1',
    database: db,
    redisUrl: testRedisUrl(),
    prefix: redis.prefix,
    feeder: false,
    jwtSecret: 'feeder-test-secret-at-least-32-characters',
    logger: createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }),
    timerIntervalMs: 100,
  });
  return {
    db,
    redis,
    platform,
    async close() {
      await platform.close();
      await db.close();
      await redis.cleanup();
    },
  };
}

/**
 * The Redis keys a simulation run left under a platform's prefix (`<prefix>sim:<runId>:`): the worker deletes
 * them when the run ends, so a test expects none.
 */
/**
 * The feeder's stats once `done` says so, or as they stand at the timeout (the caller's assertion says
 * which figure fell short).
 *
 * @example
 * const stats = await waitForStats(feeder, (s) => s.crossed >= 3, 60_000);
 */
export async function waitForStats(feeder: TrafficFeeder, done: (s: FeederStats) => boolean, timeoutMs: number): Promise<FeederStats> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stats = feeder.stats();
    if (done(stats) || Date.now() > until) return stats;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function simKeysLeft(prefix: string, runId: string): Promise<string[]> {
  const redis = new Redis(testRedisUrl());
  try {
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}sim:${runId}:*`, 'COUNT', 10_000);
    return keys;
  } finally {
    redis.disconnect();
  }
}
