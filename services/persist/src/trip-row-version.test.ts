/**
 * A trip row's version in Redis (trip-row-version.ts) is withheld while any write of the row may be
 * between its begin and its end, moves with every write, survives neither a killed writer nor a lost
 * hash as a wrong answer, and is moved by the event projection. Real Redis, real database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisServer } from '@borderflow/testkit/redis-server';
import { redisMonitor } from '@borderflow/testkit/testing';
import { expect, it } from 'vitest';
import { storeEvents } from './store-events.ts';
import { gateEvent, placement, createTrip } from './test-fixtures.ts';
import { usePersistTest } from './test-hooks.ts';
import { tripCreated, tripRowVersion, tripVersionKey, writingTrips, type MarkTrips, type TripVersionStore } from './trip-row-version.ts';

const { db, seed, t } = usePersistTest();
const store = (): TripVersionStore => ({ redis: t.redis, prefix: t.prefix });
const version = (id: string) => tripRowVersion(store(), id);

/** A write held open between its begin and its end, ended by `finish`. */
function openWrite(ids: string[]): { begun: Promise<void>; finish: () => void; done: Promise<void> } {
  let finish!: () => void;
  let begun!: Promise<void>;
  const held = new Promise<void>((r) => { finish = r; });
  // writingTrips calls the write at once, so `begun` is set when it returns.
  const done = writingTrips(store(), async (mark: MarkTrips) => {
    begun = mark(ids);
    await begun;
    await held;
  });
  return { begun, finish, done };
}

/** The write script as writingTrips runs it, with a lease of 200 ms (a test cannot wait the real one). */
async function shortLeaseMark(id: string, phase: 'begin' | 'end'): Promise<void> {
  const r = t.redis as unknown as { bf_tripRowWrite(...a: (string | number)[]): Promise<number> };
  await r.bf_tripRowWrite(1, tripVersionKey(store(), id), phase, randomUUID(), 200, 60_000, '0');
}
const leaseOver = () => new Promise((done) => setTimeout(done, 300));

/** A created trip and its version. */
async function created(): Promise<{ id: string; before: string | null }> {
  const id = randomUUID();
  await tripCreated(store(), id);
  return { id, before: await version(id) };
}

/** The version is given again, and is not the one before. */
async function expectMoved(id: string, before: string | null): Promise<void> {
  const after = await version(id);
  expect(after).not.toBeNull();
  expect(after).not.toBe(before);
}

it('is unknown for a trip no writer has given one, and stable for a created trip until it is written', async () => {
  const id = randomUUID();
  expect(await version(id)).toBeNull();
  await tripCreated(store(), id);
  const first = await version(id);
  expect(first).not.toBeNull();
  expect(await version(id)).toBe(first);
});

it('is withheld from the begin of a write to its end, and differs afterwards', async () => {
  const { id, before } = await created();
  const w = openWrite([id]);
  await w.begun;
  expect(await version(id)).toBeNull();
  w.finish();
  await w.done;
  await expectMoved(id, before);
});

it('stays withheld while a second writer of the same trip is still between begin and end', async () => {
  const { id } = await created();
  const a = openWrite([id]);
  const b = openWrite([id]);
  await Promise.all([a.begun, b.begun]);
  b.finish();
  await b.done;
  expect(await version(id)).toBeNull();
  a.finish();
  await a.done;
  expect(await version(id)).not.toBeNull();
});

it('moves even when the write fails (its transaction rolled back)', async () => {
  const { id, before } = await created();
  await expect(writingTrips(store(), async (mark) => {
    await mark([id]);
    throw new Error('rolled back');
  })).rejects.toThrow('rolled back');
  await expectMoved(id, before);
});

it("a begin Redis refused owes no end: another writer's write stays withheld", async () => {
  // A server of its own: its memory limit is lowered to refuse the begin (as a full or read-only Redis
  // would during a failover), then lifted before the writer's end, as Redis recovers.
  const dir = mkdtempSync(join(tmpdir(), 'bf-trip-row-'));
  const server = await startRedisServer({ dir, appendonly: false });
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  try {
    const own: TripVersionStore = { redis, prefix: t.prefix };
    const id = randomUUID();
    await tripCreated(own, id);
    let finishA!: () => void;
    let begunA!: Promise<void>;
    const a = writingTrips(own, async (mark) => {
      begunA = mark([id]);
      await begunA;
      await new Promise<void>((r) => { finishA = r; });
    });
    await begunA;
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    await redis.config('SET', 'maxmemory', '1');
    await expect(writingTrips(own, async (mark) => {
      await mark([id]).catch(async (refused: unknown) => {
        await redis.config('SET', 'maxmemory', '0');
        throw refused;
      });
    })).rejects.toThrow(/OOM/);
    // Writer A is still between its begin and its end.
    expect(await tripRowVersion(own, id)).toBeNull();
    finishA();
    await a;
    expect(await tripRowVersion(own, id)).not.toBeNull();
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a writer killed between begin and end withholds the version until its lease is over, then a new one is given', async () => {
  const { id, before } = await created();
  // Begun, and no end: the process died.
  await shortLeaseMark(id, 'begin');
  expect(await version(id)).toBeNull();
  await leaseOver();
  await expectMoved(id, before);
});

it('a lost hash comes back under a new epoch, withheld for a lease when an existing trip is written', async () => {
  const { id, before } = await created();
  await t.redis.del(tripVersionKey(store(), id));
  expect(await version(id)).toBeNull();
  // A writer of before the loss may still be in flight: its end would find nothing to withhold.
  await writingTrips(store(), (mark) => mark([id]));
  expect(await version(id)).toBeNull();
  await t.redis.del(tripVersionKey(store(), id));
  await shortLeaseMark(id, 'end');
  await leaseOver();
  const after = await version(id);
  expect(after).not.toBeNull();
  expect(after!.split(':')[0]).not.toBe(before!.split(':')[0]);
});

it('the event projection moves the version of every trip it writes, and only theirs', async () => {
  const [moved, other] = [`v${randomUUID().slice(0, 6)}`, `v${randomUUID().slice(0, 6)}`];
  await createTrip(db.prisma, seed, moved);
  await createTrip(db.prisma, seed, other);
  await tripCreated(store(), moved);
  await tripCreated(store(), other);
  const [movedBefore, otherBefore] = [await version(moved), await version(other)];
  await storeEvents(db.prisma, store(), [gateEvent(1, 'trip_queued', { trip: placement(moved) })]);
  expect((await db.prisma.trip.findUniqueOrThrow({ where: { id: moved } })).state).toBe('queued');
  const movedAfter = await version(moved);
  expect(movedAfter).not.toBeNull();
  expect(movedAfter).not.toBe(movedBefore);
  expect(await version(other)).toBe(otherBefore);
});

it('marks a write of many trips in one script call at its begin and one at its end, a few commands a trip', async () => {
  const ids = Array.from({ length: 40 }, () => randomUUID());
  // Created trips (a lost hash would stay withheld), and the script loaded: no NOSCRIPT retry counted below.
  await Promise.all(ids.map((id) => tripCreated(store(), id)));
  const befores = await Promise.all(ids.map(version));
  // MONITOR on the real server: the calls and the commands the scripts ran, for this test's keys.
  const monitor = await redisMonitor(`redis://${t.redis.options.host}:${t.redis.options.port}`);
  const sent: string[] = [];
  const fence = `${t.prefix}fence`;
  let fenced!: () => void;
  const caughtUp = new Promise<void>((done) => { fenced = done; });
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.includes(fence)) fenced();
    else if (args.some((a) => a.startsWith(t.prefix))) sent.push(args[0]!.toUpperCase());
  });
  try {
    await writingTrips(store(), (mark) => mark(ids));
    // Sent after the writer's last command: when the feed shows it, it has shown all of the writer's.
    await t.redis.exists(fence);
    await caughtUp;
  } finally {
    monitor.disconnect();
  }
  expect(sent.filter((c) => c === 'EVALSHA' || c === 'EVAL')).toHaveLength(2);
  expect(sent.length).toBeLessThanOrEqual(2 * (1 + 4 * ids.length));
  const afters = await Promise.all(ids.map(version));
  afters.forEach((after, i) => {
    expect(after).not.toBeNull();
    expect(after).not.toBe(befores[i]);
  });
});

it('the event projection has withheld a trip by the time it writes the trip row (its begin goes out with the log insert)', async () => {
  const id = `v${randomUUID().slice(0, 6)}`;
  await createTrip(db.prisma, seed, id);
  await tripCreated(store(), id);
  // The same database through a client that reads the version as each trip row update is sent (a real client, extended).
  const seen: (string | null)[] = [];
  const watched = db.prisma.$extends({
    query: { trip: { updateMany: async ({ args, query }) => { seen.push(await version(id)); return query(args); } } },
  }) as unknown as typeof db.prisma;
  await storeEvents(watched, store(), [gateEvent(1, 'trip_arrived', { trip: placement(id) })]);
  // The placement and the arrival milestone: both written while withheld.
  expect(seen).toEqual([null, null]);
  expect(await version(id)).not.toBeNull();
});

it("a begin refused at one trip's hash writes none of the others: the first trip's version is not withheld for a lease", async () => {
  const a = await created();
  const b = randomUUID();
  // Planted: the second trip's version key holds another type.
  await t.redis.set(tripVersionKey(store(), b), 'not a hash');
  const refusal = await writingTrips(store(), (mark) => mark([a.id, b])).catch((err: Error) => err.message);
  // Before, the first trip was counted as being written with no end owed: withheld until its lease was over.
  expect(await version(a.id)).toBe(a.before);
  expect(refusal).toMatch(/WRONGTYPE/);
});
