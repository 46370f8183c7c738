import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_POLICY, type PriorityClass } from '@borderflow/contracts';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { GateScheduler } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { replayEvents } from './event-replay.ts';
import { gateKeysOf } from './testing.ts';

const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);
let t: TestRedis;
let s: GateScheduler;
beforeEach(async () => {
  t = testRedis();
  s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
  await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test', now: T0 });
});
afterEach(() => t.cleanup());

it('rebuilds the same queues in the same order from the placements the events carried', async () => {
  const classes: PriorityClass[] = ['ordinary', 'perishable', 'trusted', 'ordinary', 'empty_return'];
  for (let i = 0; i < 40; i++) {
    const r = await s.checkIn({
      tripId: `r${i}`, plate: `24C${i}`, direction: i % 3 ? 'exit' : 'entry', priorityClass: classes[i % classes.length]!,
      stages: i % 4 ? ['documents', 'gate'] : ['xray', 'gate'], actor: 'test', now: T0 + i * 1000,
    });
    expect(r.ok).toBe(true);
  }
  await s.setLaneStatus({ laneId: 'KT-N2', status: 'maintenance', reason: 'test', actor: 'test', now: T0 + 50_000 });
  const before = await s.snapshot(T0 + 60_000);
  const replay = replayEvents(await s.readEvents('0', 100_000));
  const pointers: Record<string, number> = {};
  for (const key of await t.redis.keys(`${gateKeysOf(s).base.replace(/[{}]/g, '\\$&')}ptr:*`)) {
    pointers[key.slice(key.indexOf('ptr:') + 4)] = Number(await t.redis.get(key));
  }

  // What the database would hold: the last placement of every live trip, lanes with their status.
  const live = [...replay.trips.values()].filter((p) => ['queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue'].includes(p.state));
  const lanes = KIM_THANH_LANES.map((l) => ({ ...l, status: replay.lanes.get(l.id)!.status }));
  await s.deleteGateKeys(); // the gate's Redis state is lost (other tests share this server, so no FLUSHDB)
  expect(await s.hasState()).toBe(false);
  await s.rebuild({ lanes, policy: DEFAULT_POLICY, policyVersion: before.policyVersion, trips: live, seq: replay.lastSeq, pointers }, { actor: 'test', now: T0 + 60_000 });

  const after = await s.snapshot(T0 + 60_000);
  const order = (snap: typeof before) => Object.fromEntries(Object.entries(snap.queues).map(([stage, q]) => [stage, q!.map((e) => e.trip.id)]));
  expect(order(after)).toEqual(order(before));
  expect(after.lanes.map((l) => [l.id, l.status, l.occupancy, l.trip?.id ?? null]))
    .toEqual(before.lanes.map((l) => [l.id, l.status, l.occupancy, l.trip?.id ?? null]));
  expect(after.policyVersion).toBe(before.policyVersion);
  expect(after.seq).toBeGreaterThan(before.seq); // numbering continues after the rebuild's own events
  expect(await s.invariants()).toEqual([]);
});
