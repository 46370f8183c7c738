import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/client.ts';
import { COMMIT_BEHIND, HeldBeginPool } from './lazy-begin.ts';
import { statementNames } from './statement-names.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

/** A Prisma client on `pool` that counts round trips (each ends with the server's ReadyForQuery). */
function clientOn(pool: pg.Pool) {
  const counter = { roundTrips: 0 };
  pool.on('connect', (client) => {
    (client as unknown as { connection: { on(e: string, f: () => void): void } }).connection.on('readyForQuery', () => counter.roundTrips++);
  });
  const statementNameGenerator = statementNames() as (query: { sql: string; args: unknown[] }) => string;
  return { prisma: new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator }) }), counter };
}

describe.runIf(process.env.DATABASE_URL)('a transaction whose BEGIN travels with its first statement (PostgreSQL)', () => {
  let db: TestDatabase;
  let held: ReturnType<typeof clientOn>;
  let plain: ReturnType<typeof clientOn>;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
    const url = db.url!;
    pools.push(new HeldBeginPool({ connectionString: url, max: 2 }), new pg.Pool({ connectionString: url, max: 2 }));
    held = clientOn(pools[0]!);
    plain = clientOn(pools[1]!);
    await db.exec('CREATE TABLE "lazy_begin" ("id" int PRIMARY KEY, "note" text)');
  });
  afterAll(async () => {
    await Promise.all([held?.prisma.$disconnect(), plain?.prisma.$disconnect()]);
    await Promise.all(pools.map((p) => p.end()));
    await db?.close();
  });

  it('costs one round trip less than BEGIN on its own', async () => {
    const trips = async (c: ReturnType<typeof clientOn>, id: number) => {
      await c.prisma.$queryRaw`SELECT 1`; // the pool's connection opened before counting
      const before = c.counter.roundTrips;
      await c.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${id}, 'a')`;
        await tx.$executeRaw`UPDATE "lazy_begin" SET "note" = 'b' WHERE "id" = ${id}`;
      });
      return c.counter.roundTrips - before;
    };
    expect(await trips(plain, 1)).toBe(4);
    expect(await trips(held, 2)).toBe(3);
    const rows = await held.prisma.$queryRaw<Array<{ id: number; note: string }>>`SELECT "id", "note" FROM "lazy_begin" WHERE "id" IN (1, 2) ORDER BY "id"`;
    expect(rows).toEqual([{ id: 1, note: 'b' }, { id: 2, note: 'b' }]);
  });

  it('runs the first statement inside the transaction: a refusal after it undoes its write', async () => {
    await expect(held.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${10}, 'undone')`;
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(await held.prisma.$queryRaw`SELECT 1 FROM "lazy_begin" WHERE "id" = ${10}`).toEqual([]);
  });

  it('fails a first statement as before, and the connection and its named statements keep working', async () => {
    // Parse fails (no such table yet): the statement's name must not be taken as prepared.
    const read = (tx: Pick<PrismaClient, '$queryRaw'>) => tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS "n" FROM "lazy_begin_later" WHERE "id" > ${0}`;
    for (let i = 0; i < 3; i++) await expect(held.prisma.$transaction((tx) => read(tx))).rejects.toThrow(/lazy_begin_later/);
    // Runs, then fails (a duplicate key): the transaction is rolled back and the name stays prepared.
    await expect(held.prisma.$transaction((tx) => tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${1}, 'dup')`))
      .rejects.toThrow();
    await db.exec('CREATE TABLE "lazy_begin_later" ("id" int PRIMARY KEY)');
    for (let i = 0; i < 3; i++) expect(await held.prisma.$transaction((tx) => read(tx))).toEqual([{ n: 0 }]);
    for (let i = 0; i < 3; i++) {
      expect(await held.prisma.$transaction((tx) => tx.$executeRaw`UPDATE "lazy_begin" SET "note" = 'c' WHERE "id" = ${1}`)).toBe(1);
    }
  });

  it('writes COMMIT behind a statement marked COMMIT_BEHIND: two round trips, the transaction committed', async () => {
    const commitBehind = Prisma.raw(COMMIT_BEHIND);
    await held.prisma.$queryRaw`SELECT 1`;
    const before = held.counter.roundTrips;
    await held.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${30}, 'a')`;
      await tx.$executeRaw`${commitBehind}UPDATE "lazy_begin" SET "note" = 'b' WHERE "id" = ${30}`;
    });
    // BEGIN with the insert, the update with COMMIT (3 with the transaction's own COMMIT).
    expect(held.counter.roundTrips - before).toBe(2);
    expect(await plain.prisma.$queryRaw`SELECT "note" FROM "lazy_begin" WHERE "id" = ${30}`).toEqual([{ note: 'b' }]);
  });

  it('rolls back the whole transaction when the marked statement fails, and the connection keeps working', async () => {
    const commitBehind = Prisma.raw(COMMIT_BEHIND);
    for (let i = 0; i < 3; i++) {
      await expect(held.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${40 + i}, 'undone')`;
        // A duplicate key: COMMIT, written behind it, is skipped by the server.
        await tx.$executeRaw`${commitBehind}INSERT INTO "lazy_begin" ("id", "note") VALUES (${1}, 'dup')`;
      })).rejects.toThrow();
    }
    expect(await plain.prisma.$queryRaw`SELECT "id" FROM "lazy_begin" WHERE "id" BETWEEN ${40} AND ${42}`).toEqual([]);
    expect(await held.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "lazy_begin" ("id", "note") VALUES (${43}, 'kept')`;
      return tx.$executeRaw`${commitBehind}UPDATE "lazy_begin" SET "note" = 'kept!' WHERE "id" = ${43}`;
    })).toBe(1);
    expect(await plain.prisma.$queryRaw`SELECT "note" FROM "lazy_begin" WHERE "id" = ${43}`).toEqual([{ note: 'kept!' }]);
  });

  it('sends a first statement without parameters (it may hold several commands) after its own BEGIN', async () => {
    await held.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "lazy_begin" ("id", "note") VALUES (20, 'x'); UPDATE "lazy_begin" SET "note" = 'y' WHERE "id" = 20`);
    });
    expect(await held.prisma.$queryRaw`SELECT "note" FROM "lazy_begin" WHERE "id" = ${20}`).toEqual([{ note: 'y' }]);
    // A transaction with no statement opens none.
    await held.prisma.$transaction(async () => undefined);
    const [state] = await held.prisma.$queryRaw<Array<{ s: string }>>`SELECT current_setting('transaction_isolation') AS "s" WHERE ${1} = 1`;
    expect(state?.s).toBeTruthy();
  });
});
