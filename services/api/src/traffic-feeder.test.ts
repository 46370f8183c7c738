/**
 * The feeder against the real platform: HTTP API, scheduler on real Redis,
 * a real database (PGlite, or PostgreSQL with DATABASE_URL). At speed 300 a
 * simulated minute lasts 0.2 s, so trucks are registered, decided, checked in
 * and worked through lanes within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { startPlatform, type Platform } from './platform.ts';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { testRedis, testRedisUrl, type TestRedis } from '@borderflow/infra/testing';
import { ApiClient, startTrafficFeeder, type FeederStats, type TrafficFeeder } from '@borderflow/traffic';


let db: TestDatabase;
let platform: Platform;
let redis: TestRedis;

beforeAll(async () => {
  db = await openTestDatabase();
  redis = testRedis(); // its unique prefix is the platform's, so cleanup() removes every key
  platform = await startPlatform({
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
});

afterAll(async () => {
  await platform?.close();
  await db?.close();
  await redis?.cleanup();
});

async function waitFor(feeder: TrafficFeeder, done: (s: FeederStats) => boolean, timeoutMs: number): Promise<FeederStats> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stats = feeder.stats();
    if (done(stats) || Date.now() > until) return stats;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('traffic feeder', () => {
  it('registers, decides, checks in and works trucks through the lanes', async () => {
    const feeder = startTrafficFeeder({ baseUrl: platform.url, speed: 120, tripsPerHour: 600, seed: 7, maxInGate: 15 });
    let stats: FeederStats;
    try {
      stats = await waitFor(feeder, (s) => s.checkedIn >= 5 && s.completed >= 3 && s.decisions >= 3, 40_000);
    } finally {
      await feeder.stop();
    }
    expect(stats.lastError).toBeNull();
    expect(stats.errors).toBe(0);
    expect(stats.registered).toBeGreaterThanOrEqual(5);
    expect(stats.checkedIn).toBeGreaterThanOrEqual(5);
    expect(stats.decisions).toBeGreaterThanOrEqual(3);
    expect(stats.completed).toBeGreaterThanOrEqual(3);

    // What the feeder did is what the platform shows.
    const operator = new ApiClient({ baseUrl: platform.url, username: 'operator1', password: 'demo' });
    const { trips } = await operator.request<{ trips: Array<{ state: string }> }>('GET', '/v1/trips?gate=KT&limit=200');
    expect(trips.length).toBe(stats.registered);
    expect(trips.filter((t) => t.state !== 'registered').length).toBeGreaterThanOrEqual(stats.checkedIn);

    // stop() means stopped: no request after it.
    const after = feeder.stats();
    await new Promise((r) => setTimeout(r, 300));
    expect(feeder.stats()).toEqual(after);
  });
});
