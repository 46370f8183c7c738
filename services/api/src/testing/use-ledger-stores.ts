/**
 * The real stores of a slot-ledger test file: a Redis with a key prefix of its own and a database
 * (PGlite, or PostgreSQL with DATABASE_URL), opened before its tests and closed after them, so a
 * ledger test says in one line what it runs against.
 */
import { afterAll, beforeAll } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';

export interface LedgerStores {
  readonly redis: TestRedis;
  readonly db: TestDatabase;
}

/**
 * @example
 * const stores = useLedgerStores();
 * it('…', () => new SlotLedger(stores.redis.redis, stores.redis.prefix, quotas, undefined, stores.db.prisma));
 */
export function useLedgerStores(): LedgerStores {
  let redis: TestRedis | undefined;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    redis = testRedis();
    db = await openTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await redis?.cleanup();
    await db?.close();
  });
  const opened = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('useLedgerStores: the stores open in beforeAll; use them inside a test');
    return x;
  };
  return {
    get redis() { return opened(redis); },
    get db() { return opened(db); },
  };
}
