/**
 * The fixture every persistence test file shares: one seeded database for the file, a fresh Redis key prefix per
 * test, and after each test its consumers stopped, its keys removed and the event log emptied (each test's Redis
 * starts the gate's seq at 1 again, so the previous test's log must go).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openTestDatabase, seedKimThanh, type SeedResult, type TestDatabase } from '@borderflow/db';
import { current, testRedis, type TestRedis } from '@borderflow/testkit/testing';
import type { EventConsumer } from './event-consumer.ts';

export interface PersistTest {
  db: TestDatabase;
  seed: SeedResult;
  t: TestRedis;
  /** Consumers started by the test: stopped after it. */
  consumers: EventConsumer[];
}

/**
 * @example
 * const { db, t, consumers } = usePersistTest();
 * it('…', async () => { consumers.push(startEventConsumer({ redis: t.redis, prisma: db.prisma, … })); });
 */
export function usePersistTest(): PersistTest {
  let db: TestDatabase | undefined;
  let seed: SeedResult | undefined;
  let redis: TestRedis | undefined;
  const consumers: EventConsumer[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
    seed = await seedKimThanh(db.prisma, { env: {} });
  });
  afterAll(() => db?.close());
  beforeEach(() => {
    redis = testRedis();
  });
  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.stop();
    await redis?.cleanup();
    await db?.prisma.gateEvent.deleteMany();
  });
  return { db: current(() => db), seed: current(() => seed), t: current(() => redis), consumers };
}
