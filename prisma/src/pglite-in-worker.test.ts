import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '@electric-sql/pglite';
import { openDatabase, type Database } from './client.ts';

/** The longest gap between the turns of a 5 ms timer while `work` runs, and how long `work` took. */
async function loopGapsDuring(work: () => Promise<unknown>): Promise<{ longestGapMs: number; tookMs: number }> {
  let longestGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { longestGapMs: Math.max(longestGapMs, performance.now() - last), tookMs: performance.now() - started };
}

// The default store (no DATABASE_URL): PGlite, whose WebAssembly work once ran on the API's event loop.
describe('openDatabase on PGlite (default thread)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ url: null });
  });
  afterAll(() => db?.close());

  it("runs the database's work off this thread: the event loop keeps turning during a heavy statement", async () => {
    const { longestGapMs, tookMs } = await loopGapsDuring(() => db.prisma.$queryRawUnsafe('SELECT count(*) FROM generate_series(1, 1500000)'));
    // Heavy enough to tell (in this thread the timer could not fire at all until it ended) …
    expect(tookMs).toBeGreaterThan(150);
    // … and the timer kept firing meanwhile: no gap near the statement's length (a ratio, not a speed).
    expect(longestGapMs).toBeLessThan(tookMs / 3);
  });

  it("gives a database error back as PGlite's DatabaseError with its SQLSTATE, and Prisma maps it as before", async () => {
    const error = await db.exec('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: '42P01', severity: 'ERROR', message: 'relation "no_such_table" does not exist' });
    await db.exec('CREATE TABLE worker_probe (id int PRIMARY KEY, at timestamptz, body jsonb)');
    await db.prisma.$executeRawUnsafe('INSERT INTO worker_probe VALUES (1, now(), \'{"a":1}\')');
    await expect(db.prisma.$executeRawUnsafe('INSERT INTO worker_probe VALUES (1, now(), null)')).rejects.toMatchObject({ code: 'P2010', message: expect.stringContaining('23505') });
    // The adapter's own parsers still apply (they run on this side): a timestamp and a json column.
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ at: Date; body: unknown }>>('SELECT at, body FROM worker_probe');
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.body).toEqual({ a: 1 });
  });

  it('keeps interactive transactions: a throw rolls back, a return commits, others wait for the end', async () => {
    await db.exec('CREATE TABLE worker_tx (id int PRIMARY KEY)');
    const thrown = await db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO worker_tx VALUES (1)');
        throw new Error('refused');
      })
      .catch((e: unknown) => e);
    expect(thrown).toMatchObject({ message: 'refused' });
    let outsideSaw: unknown = null;
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO worker_tx VALUES (2)');
      // A statement outside the transaction waits for its end (PGlite has one session).
      const outside = db.prisma.$queryRawUnsafe<Array<{ n: number }>>('SELECT count(*)::int AS n FROM worker_tx').then((rows) => (outsideSaw = rows[0]!.n));
      await new Promise((r) => setTimeout(r, 20));
      expect(outsideSaw).toBeNull();
      void outside;
    });
    const rows = await db.prisma.$queryRawUnsafe<Array<{ id: number }>>('SELECT id FROM worker_tx ORDER BY id');
    expect(rows).toEqual([{ id: 2 }]);
    expect(outsideSaw).toBe(1);
  });
});
