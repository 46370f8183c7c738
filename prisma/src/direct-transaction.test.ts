import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/client.ts';
import { COMMIT_BEHIND, HeldBeginPool } from './lazy-begin.ts';
import { statementNames } from './statement-names.ts';
import { allowDirectTransactions, directTransaction } from './direct-transaction.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

/** Every column type a raw read may meet whose pg default differs from Prisma's (and a few that do not). */
const TYPED_ROW = Prisma.sql`SELECT CAST(${'9007199254740993'} AS int8) AS "big", CAST(${'12.50'} AS numeric(10,2)) AS "dec",
  CAST(${'2026-12-07 10:11:12.345'} AS timestamp) AS "ts", CAST(${'2026-12-07T10:11:12.345Z'} AS timestamptz) AS "tstz",
  CAST(${'2026-12-07'} AS date) AS "day", CAST(${'{1,2}'} AS int8[]) AS "bigs", CAST(${'{"a":[1,"x"]}'} AS json) AS "j",
  CAST(${'{a,b}'} AS text[]) AS "texts", CAST(${'7'} AS int) AS "n", CAST(${'true'} AS boolean) AS "yes", count(*) AS "count"`;

describe.runIf(process.env.DATABASE_URL)('a transaction of raw statements on the pool, off Prisma\'s client (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: PrismaClient;
  const seen: Array<{ sql: string; path?: string }> = [];
  let roundTrips = 0;
  beforeAll(async () => {
    db = await openTestDatabase();
    pool = new HeldBeginPool({ connectionString: db.url!, max: 2 });
    pool.on('connect', (client) => {
      (client as unknown as { connection: { on(e: string, f: () => void): void } }).connection.on('readyForQuery', () => roundTrips++);
    });
    const names = statementNames() as (query: { sql: string; args: unknown[] }) => string;
    prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: names }) });
    allowDirectTransactions(prisma, { pool, names, observe: (sql, path) => seen.push({ sql, path }), maxWait: 2_000, timeout: 1_000 });
    await db.exec('CREATE TABLE "direct_tx" ("id" int PRIMARY KEY, "note" text)');
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await pool?.end();
    await db?.close();
  });

  it('reads rows as Prisma\'s $queryRaw does, and sends its statements on the pool', async () => {
    seen.length = 0;
    const direct = await directTransaction(prisma, (tx) => tx.$queryRaw(TYPED_ROW));
    expect(seen.map((s) => s.path)).toEqual(['direct', 'direct', 'direct']);
    const viaPrisma = await prisma.$transaction((tx) => tx.$queryRaw(TYPED_ROW));
    expect(direct).toEqual(viaPrisma);
    expect(direct).toEqual([{
      big: 9007199254740993n, dec: new Prisma.Decimal('12.5'), ts: new Date('2026-12-07T10:11:12.345Z'), tstz: new Date('2026-12-07T10:11:12.345Z'),
      day: new Date('2026-12-07T00:00:00Z'), bigs: [1n, 2n], j: { a: [1, 'x'] }, texts: ['a', 'b'], n: 7, yes: true, count: 1n,
    }]);
  });

  it('writes parameters as Prisma does (a Date as its instant, a BigInt and a Decimal as numbers)', async () => {
    const at = new Date('2026-12-07T01:02:03.456Z');
    const [row] = await directTransaction(prisma, (tx) => tx.$queryRaw<Array<{ at: Date; b: bigint; d: Prisma.Decimal }>>`
      SELECT CAST(${at} AS timestamptz) AS "at", CAST(${10n} AS int8) + 1 AS "b", CAST(${new Prisma.Decimal('0.1')} AS numeric) * 3 AS "d"`);
    expect(row).toEqual({ at, b: 11n, d: new Prisma.Decimal('0.3') });
  });

  it('commits in two round trips when the last statement carries COMMIT, as through Prisma', async () => {
    await prisma.$queryRaw`SELECT 1`;
    const before = roundTrips;
    await directTransaction(prisma, async (tx) => {
      await tx.$executeRaw`INSERT INTO "direct_tx" ("id", "note") VALUES (${1}, 'a')`;
      await tx.$executeRaw`${Prisma.raw(COMMIT_BEHIND)}UPDATE "direct_tx" SET "note" = 'b' WHERE "id" = ${1}`;
    });
    expect(roundTrips - before).toBe(2);
    expect(await prisma.$queryRaw`SELECT "note" FROM "direct_tx" WHERE "id" = ${1}`).toEqual([{ note: 'b' }]);
  });

  it('rolls back on a refusal, and a failed statement leaves the connection working', async () => {
    await expect(directTransaction(prisma, async (tx) => {
      await tx.$executeRaw`INSERT INTO "direct_tx" ("id", "note") VALUES (${2}, 'undone')`;
      throw new Error('refused');
    })).rejects.toThrow('refused');
    const duplicate = directTransaction(prisma, (tx) => tx.$executeRaw`INSERT INTO "direct_tx" ("id", "note") VALUES (${1}, 'dup')`);
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    for (let i = 0; i < 3; i++) expect(await directTransaction(prisma, (tx) => tx.$executeRaw`UPDATE "direct_tx" SET "note" = 'c' WHERE "id" = ${1}`)).toBe(1);
    expect(await prisma.$queryRaw`SELECT "id", "note" FROM "direct_tx" ORDER BY "id"`).toEqual([{ id: 1, note: 'c' }]);
  });

  it('runs a callback that needs a model\'s delegate again in Prisma\'s transaction: its writes commit once', async () => {
    let runs = 0;
    const got = await directTransaction(prisma, async (tx) => {
      runs++;
      await tx.$executeRaw`INSERT INTO "direct_tx" ("id", "note") VALUES (${3}, 'once')`;
      return tx.gate.count();
    });
    expect(runs).toBe(2);
    expect(got).toBe(await prisma.gate.count());
    expect(await prisma.$queryRaw`SELECT "note" FROM "direct_tx" WHERE "id" = ${3}`).toEqual([{ note: 'once' }]);
  });

  it('ends a transaction that outlives its timeout, rolled back, and the pool goes on', async () => {
    await expect(directTransaction(prisma, async (tx) => {
      await tx.$executeRaw`INSERT INTO "direct_tx" ("id", "note") VALUES (${4}, 'late')`;
      await new Promise((r) => setTimeout(r, 1_300));
      await tx.$executeRaw`UPDATE "direct_tx" SET "note" = 'later' WHERE "id" = ${4}`;
    })).rejects.toThrow(/longer than 1000 ms/);
    expect(await prisma.$queryRaw`SELECT "note" FROM "direct_tx" WHERE "id" = ${4}`).toEqual([]);
    expect(await directTransaction(prisma, (tx) => tx.$queryRaw`SELECT ${5}::int AS "n"`)).toEqual([{ n: 5 }]);
  });
});

describe('a direct transaction on PGlite', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ url: null });
  });
  afterAll(() => db?.close());

  it('is Prisma\'s own transaction (one connection, inside the adapter)', async () => {
    let runs = 0;
    const [row] = await directTransaction(db.prisma, async (tx) => {
      runs++;
      return tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS "n" FROM "gates" WHERE ${1} = 1`;
    });
    expect(runs).toBe(1);
    expect(row).toEqual({ n: await db.prisma.gate.count() });
  });
});
