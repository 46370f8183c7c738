/**
 * Redis lost, PostgreSQL kept: drive the real scheduler, let the consumer persist its events,
 * wipe the gate from Redis, rebuild it from `loadGateState`, and get the same gate back.
 */
import { expect, it } from 'vitest';
import { LIVE_TRIP_STATES, type Direction, type PriorityClass, type Stage } from '@borderflow/contracts';
import { GateScheduler, replayEvents, type CommandResult, type GateSnapshot } from '@borderflow/scheduler';
import { startEventConsumer } from './event-consumer.ts';
import { loadGateState } from './rebuild-gate.ts';
import { createTrip, T0 } from './test-fixtures.ts';
import { usePersistTest } from './test-hooks.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';

const { db, seed, t, consumers } = usePersistTest();

const ok = (r: CommandResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
};
const order = (snap: GateSnapshot) =>
  Object.fromEntries(Object.entries(snap.queues).map(([stage, q]) => [stage, q!.map((e) => e.trip.id)]));
const lanesOf = (snap: GateSnapshot) => snap.lanes.map((l) => [l.id, l.status, l.occupancy, l.trip?.id ?? null]);

it('rebuilds the same gate from the database after Redis lost it', async () => {
  const s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
  const initial = await loadGateState(db.prisma, 'KT');
  expect(initial.lanes.map((l) => l.id)).toEqual(['KT-N1', 'KT-N2', 'KT-N3', 'KT-P1', 'KT-X1', 'KT-X2']);
  expect(initial).toMatchObject({ policyVersion: 1, trips: [], seq: 0 });
  await s.configure(initial.lanes, initial.policy, { actor: 'test', now: T0 });
  let consumer = startEventConsumer({ redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100 });
  consumers.push(consumer);

  // A busy morning: 30 trucks of every class, some called, at a lane, inspecting, held.
  const classes: PriorityClass[] = ['ordinary', 'perishable', 'trusted', 'ordinary', 'empty_return'];
  for (let i = 0; i < 30; i++) {
    const id = `r${i}`;
    const direction: Direction = i % 3 ? 'exit' : 'entry';
    const priorityClass = classes[i % classes.length]!;
    const stages: Stage[] = i % 4 ? ['documents', 'gate'] : ['xray', 'gate'];
    await createTrip(db.prisma, seed, id, { direction, priorityClass, stages });
    ok(await s.checkIn({ tripId: id, plate: `24C${id}`.toUpperCase(), direction, priorityClass, stages, actor: 'test', now: T0 + i * 1000 }));
  }
  ok(await s.setLaneStatus({ laneId: 'KT-N2', status: 'maintenance', reason: 'scale calibration', actor: 'test', now: T0 + 40_000 }));
  let snap = await s.snapshot(T0 + 41_000);
  const called = snap.lanes.filter((l) => l.trip);
  expect(called.length).toBeGreaterThan(2);
  ok(await s.arriveAtLane({ laneId: called[0]!.id, tripId: called[0]!.trip!.id, actor: 'test', now: T0 + 45_000 }));
  ok(await s.arriveAtLane({ laneId: called[1]!.id, tripId: called[1]!.trip!.id, actor: 'test', now: T0 + 46_000 }));
  ok(await s.startInspection({ laneId: called[1]!.id, tripId: called[1]!.trip!.id, actor: 'test', now: T0 + 47_000 }));
  // A lane frees and takes the next truck by the interleave: that moves a pointer.
  ok(await s.startInspection({ laneId: called[2]!.id, tripId: called[2]!.trip!.id, actor: 'test', now: T0 + 47_500 }));
  ok(await s.complete({ laneId: called[2]!.id, tripId: called[2]!.trip!.id, outcome: 'cleared', actor: 'test', now: T0 + 47_800 }));
  ok(await s.placeHold({ tripId: snap.queues.documents![0]!.trip.id, reason: 'quarantine sample', actor: 'agency:customs', now: T0 + 48_000 }));

  const before = await s.snapshot(T0 + 60_000);
  await consumer.drained();
  await consumer.stop();

  // The database's projection is exactly what the stream says.
  const state = await loadGateState(db.prisma, 'KT');
  const replay = replayEvents(await s.readEvents('0', 100_000));
  const liveFromStream = [...replay.trips.values()].filter((p) => LIVE_TRIP_STATES.includes(p.state)).sort((a, b) => a.id.localeCompare(b.id));
  expect(state.trips).toEqual(liveFromStream);
  expect(state.seq).toBe(replay.lastSeq);
  expect(state.lanes.find((l) => l.id === 'KT-N2')?.status).toBe('maintenance');
  const pointersInRedis: Record<string, number> = {};
  for (const key of await t.redis.keys(`${gateKeysOf(s).base.replace(/[{}]/g, '\\$&')}ptr:*`)) {
    pointersInRedis[key.slice(key.indexOf('ptr:') + 4)] = Number(await t.redis.get(key));
  }
  expect(Object.keys(pointersInRedis).length).toBeGreaterThan(0);
  expect(state.pointers).toEqual(pointersInRedis);

  // Redis loses the gate; rebuild it from PostgreSQL alone.
  await s.deleteGateKeys();
  expect(await s.hasState()).toBe(false);
  await s.rebuild(state, { actor: 'test', now: T0 + 60_000 });

  const after = await s.snapshot(T0 + 60_000);
  expect(order(after)).toEqual(order(before));
  expect(lanesOf(after)).toEqual(lanesOf(before));
  expect(after.held.map((h) => h.id)).toEqual(before.held.map((h) => h.id));
  expect(after.policyVersion).toBe(before.policyVersion);
  expect(after.seq).toBeGreaterThan(before.seq);
  expect(await s.invariants()).toEqual([]);

  // The rebuilt stream continues the numbering: a new consumer stores its events without clashes.
  consumer = startEventConsumer({ redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100 });
  consumers.push(consumer);
  await consumer.drained();
  const { _max } = await db.prisma.gateEvent.aggregate({ where: { gateCode: 'KT' }, _max: { seq: true } });
  expect(_max.seq).toBe(after.seq);
  snap = await s.snapshot(T0 + 60_000);
  expect(snap.seq).toBe(after.seq);
});

it('records each policy version the scheduler publishes, and rebuilds with the latest', async () => {
  const s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
  const initial = await loadGateState(db.prisma, 'KT');
  await s.configure(initial.lanes, initial.policy, { actor: 'test', now: T0 });
  const published = { ...initial.policy, interleave: ['perishable', 'ordinary', 'trusted'] as PriorityClass[], agingMs: 3_600_000 };
  ok(await s.setPolicy(published, { actor: 'user:admin1', now: T0 + 1000 }));
  const consumer = startEventConsumer({ redis: t.redis, prisma: db.prisma, gate: 'KT', prefix: t.prefix, blockMs: 100 });
  consumers.push(consumer);
  await consumer.drained();

  const state = await loadGateState(db.prisma, 'KT');
  expect(state.policyVersion).toBe(2);
  expect(state.policy).toEqual(published);
  const v2 = await db.prisma.policyVersion.findFirstOrThrow({ where: { gateId: seed.gateId, version: 2 } });
  expect(v2.createdAt.getTime()).toBe(T0 + 1000);
});
