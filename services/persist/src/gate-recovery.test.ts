/**
 * The gate's seq goes backwards when Redis fails over to a replica that missed the last
 * commands, or restarts without its AOF's tail. Reproduced here on a real Redis by putting
 * back a DUMP of the gate's keys taken before the tail (exactly what such a Redis holds),
 * with the real scheduler and consumer and a real database.
 */
import { beforeEach, expect, it } from 'vitest';
import { uniqueId } from '@borderflow/testkit/testing';
import { GateScheduler, type CommandResult } from '@borderflow/scheduler';
import { startEventConsumer, type EventConsumer } from './event-consumer.ts';
import { storedHighWater } from './gate-recovery.ts';
import { loadGateState } from './rebuild-gate.ts';
import { createTrip, T0 } from './test-fixtures.ts';
import { usePersistTest } from './test-hooks.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';

const { db, seed, t, consumers } = usePersistTest();
let s: GateScheduler;
beforeEach(async () => {
  s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
  const initial = await loadGateState(db.prisma, 'KT');
  await s.configure(initial.lanes, initial.policy, { actor: 'test', now: T0 });
});

function consumer(): EventConsumer {
  const c = startEventConsumer({ redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100, onError: () => undefined });
  consumers.push(c);
  return c;
}

const ok = (r: CommandResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
};

let clock = T0;
async function checkIn(prefix: string): Promise<string> {
  const id = `${prefix}${uniqueId()}`;
  await createTrip(db.prisma, seed, id);
  clock += 1000;
  ok(await s.checkIn({ tripId: id, plate: `24C${id}`.toUpperCase(), direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], actor: 'test', now: clock }));
  return id;
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** DUMPs every key of the gate: what a replica or an AOF holds at this moment. */
async function dumpGate(): Promise<Array<[string, Buffer]>> {
  const keys = await t.redis.keys(`${gateKeysOf(s).base.replace(/[{}[\]*?]/g, '\\$&')}*`);
  return Promise.all(keys.map(async (k) => [k, (await t.redis.dumpBuffer(k))!] as [string, Buffer]));
}

/** Redis comes back with only what it had at the dump: the tail after it is lost. */
async function loseTail(dump: Array<[string, Buffer]>): Promise<void> {
  await s.deleteGateKeys();
  for (const [key, value] of dump) await t.redis.restore(key, 0, value);
}

const live = async () => {
  const snap = await s.snapshot(clock);
  return [...Object.values(snap.queues).flatMap((q) => q!.map((e) => e.trip.id)), ...snap.lanes.flatMap((l) => (l.trip ? [l.trip.id] : []))];
};

it('stores the commands run after a lost tail under new seqs and rebuilds the gate past the stored seq', async () => {
  const c1 = consumer();
  const before = [await checkIn('a'), await checkIn('a'), await checkIn('a')];
  await c1.drained();
  const dump = await dumpGate();
  const tail = [await checkIn('b'), await checkIn('b')];
  await c1.drained();
  await c1.stop();
  const highWater = await storedHighWater(db.prisma, 'KT');

  await loseTail(dump);
  expect(await s.seq()).toBeLessThan(highWater);
  // Acknowledged by the failed-over gate, with a seq PostgreSQL already holds for another event.
  const after = await checkIn('c');

  consumer();
  await until(async () => (await db.prisma.gateEvent.count({ where: { gateCode: 'KT', tripId: after, type: 'trip_arrived' } })) === 1);
  await until(async () => !(await s.isFenced()) && ((await s.seq()) ?? 0) > highWater);

  const stored = await db.prisma.gateEvent.findFirstOrThrow({ where: { tripId: after, type: 'trip_arrived' } });
  expect(stored.seq).toBeGreaterThan(highWater);
  expect((stored.payload as { detail: { divergedSeq?: number } }).detail.divergedSeq).toBeLessThanOrEqual(highWater);
  // The lost tail is back from PostgreSQL, and the new truck is kept: nobody is lost.
  expect((await live()).sort()).toEqual([...before, ...tail, after].sort());
  expect(await s.invariants()).toEqual([]);

  // The gate goes on numbering past everything stored.
  const maxBefore = await storedHighWater(db.prisma, 'KT');
  const next = await checkIn('d');
  await until(async () => (await db.prisma.gateEvent.count({ where: { tripId: next } })) > 0);
  const nextEvent = await db.prisma.gateEvent.findFirstOrThrow({ where: { tripId: next, type: 'trip_arrived' } });
  expect(nextEvent.seq).toBeGreaterThan(maxBefore);
  expect((nextEvent.payload as { detail: { divergedSeq?: number } }).detail.divergedSeq).toBeUndefined();
});

it('fences and rebuilds a gate whose seq fell behind before any command reuses a seq', async () => {
  const c = consumer();
  await checkIn('a');
  await c.drained();
  const dump = await dumpGate();
  const tail = await checkIn('b');
  await c.drained();
  const highWater = await storedHighWater(db.prisma, 'KT');

  await loseTail(dump);
  // The running consumer notices on its own: no traffic is needed.
  await until(async () => !(await s.isFenced()) && ((await s.seq()) ?? 0) >= highWater);
  expect(c.status().recoveries).toBe(1);
  expect(await live()).toContain(tail);

  const next = await checkIn('c');
  await c.drained();
  const event = await db.prisma.gateEvent.findFirstOrThrow({ where: { tripId: next, type: 'trip_arrived' } });
  expect(event.seq).toBeGreaterThan(highWater);
  expect((event.payload as { detail: { divergedSeq?: number } }).detail.divergedSeq).toBeUndefined();
});

it('a fenced gate refuses every command until the fence is lifted', async () => {
  const token = await s.fence();
  const id = `f${uniqueId()}`;
  const refused = await s.checkIn({ tripId: id, plate: '24C12345', direction: 'exit', priorityClass: 'ordinary', stages: ['gate'], actor: 'test', now: T0 });
  expect(refused).toMatchObject({ ok: false, code: 'GATE_REBUILDING' });
  expect(await s.expireCallUps(T0)).toBe(0);
  const seq = await s.seq();
  // Only the holder of the fence (the rebuild) may append.
  ok(await s.setLaneStatus({ laneId: 'KT-X1', status: 'paused', reason: 'rebuild', actor: token, now: T0 }));
  expect(await s.seq()).toBe((seq ?? 0) + 1);
  await s.unfence('someone else');
  expect(await s.isFenced()).toBe(true);
  await s.unfence(token);
  ok(await s.checkIn({ tripId: id, plate: '24C12345', direction: 'exit', priorityClass: 'ordinary', stages: ['gate'], actor: 'test', now: T0 }));
});
