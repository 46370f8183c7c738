import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client.ts';
import { COMMIT_BEHIND } from './lazy-begin.ts';
import { openPgliteInWorker, type PgliteInWorker } from './pglite-in-worker.ts';
import { migratedPgliteTemplate } from './pglite-template.ts';

/** Holds this thread as a busy event loop does (a turn of tens or hundreds of ms under load). */
function busyFor(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** What `work` cost in messages each way between this thread and PGlite's. */
async function messagesOf(db: PgliteInWorker, work: () => Promise<unknown>) {
  const before = db.messages;
  await work();
  const after = db.messages;
  return { sent: after.sent - before.sent, received: after.received - before.received };
}

// Each message from PGlite's thread is a wake-up of the API's busy loop, and while a transaction
// waits for one the database is held and idle (issue 15): a transaction costs one answer per statement.
describe("PGlite's worker thread: round trips of a transaction", () => {
  let db: PgliteInWorker;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await openPgliteInWorker({ loadDataDir: await (await migratedPgliteTemplate()).arrayBuffer() });
    prisma = new PrismaClient({ adapter: new PrismaPGlite(db as never) });
    await db.exec('CREATE TABLE round_trip (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
  });

  it("answers a Prisma interactive transaction's statements and its COMMIT, and not its BEGIN", async () => {
    const traffic = await messagesOf(db, () =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO round_trip VALUES (1, $1)', 'a');
        await tx.$queryRawUnsafe('SELECT note FROM round_trip WHERE id = 1');
      }),
    );
    // BEGIN, two statements, COMMIT go out; two statements and COMMIT are answered (BEGIN was too: 4).
    expect(traffic).toEqual({ sent: 4, received: 3 });
    expect(await prisma.$queryRawUnsafe('SELECT note FROM round_trip WHERE id = 1')).toEqual([{ note: 'a' }]);
  });

  it('commits behind a COMMIT_BEHIND statement before answering it: no message for the COMMIT', async () => {
    const traffic = await messagesOf(db, () =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO round_trip VALUES (2, $1)', 'b');
        await tx.$executeRawUnsafe(`${COMMIT_BEHIND} UPDATE round_trip SET note = $1 WHERE id = 2`, 'c');
      }),
    );
    // BEGIN and the two statements go out; the two statements are answered (4 and 4 before).
    expect(traffic).toEqual({ sent: 3, received: 2 });
    expect(await prisma.$queryRawUnsafe('SELECT note FROM round_trip WHERE id = 2')).toEqual([{ note: 'c' }]);
  });

  it('rolls back when a COMMIT_BEHIND statement fails, with the database error as it was, and the database is free after', async () => {
    const error = await prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO round_trip VALUES (3, $1)', 'd');
        await tx.$executeRawUnsafe(`${COMMIT_BEHIND} INSERT INTO round_trip VALUES (1, $1)`, 'duplicate');
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'P2010', message: expect.stringContaining('23505') });
    // Nothing of it committed, and the next transaction gets the database.
    await prisma.$transaction(async (tx) => tx.$executeRawUnsafe('INSERT INTO round_trip VALUES (4, $1)', 'e'));
    expect(await prisma.$queryRawUnsafe('SELECT id FROM round_trip WHERE id IN (3, 4) ORDER BY id')).toEqual([{ id: 4 }]);
  });

  it("keeps PGlite's DatabaseError and its fields for a statement of a transaction", async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO round_trip VALUES (5, $1)', ['f']);
        await tx.query('INSERT INTO round_trip VALUES (5, $1)', ['g']);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: '23505', constraint: 'round_trip_pkey', severity: 'ERROR', detail: 'Key (id)=(5) already exists.' });
    expect((await db.query('SELECT count(*)::int AS n FROM round_trip WHERE id = 5')).rows).toEqual([{ n: 0 }]);
  });

  it("runs a transaction's first statement as soon as it holds the database, not after a turn of this thread's loop", async () => {
    // The database is busy for 300 ms (another session's statement); the transaction queues behind it.
    const busy = db.query('SELECT pg_sleep(0.3)');
    const ran = db.transaction(async (tx) => (await tx.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows[0]!.at);
    // Let the transaction post what it can, then keep this thread busy past the other statement's end.
    await new Promise((resolve) => setImmediate(resolve));
    busyFor(700);
    const freedAt = Date.now();
    const [at] = await Promise.all([ran, busy]);
    // Its statement ran while this thread was busy (before: BEGIN's answer waited for this thread,
    // and the statement went out only after it, holding the database idle meanwhile).
    expect(at.getTime()).toBeLessThan(freedAt - 200);
  });

  it('refuses a transaction on a closed database before its callback runs', async () => {
    const closed = await openPgliteInWorker({ loadDataDir: await (await migratedPgliteTemplate()).arrayBuffer() });
    await closed.close();
    let ran = false;
    await expect(closed.transaction(async () => {
      ran = true;
    })).rejects.toThrow(/PGlite is closed|PGlite's worker thread exited/);
    expect(ran).toBe(false);
  });
});
