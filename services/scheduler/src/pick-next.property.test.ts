/**
 * The rule exists twice by necessity (Lua in Redis for atomic call-ups, TypeScript for the
 * projections); this test is what makes it one. Random gates — classes, arrival times (ties
 * included), appointment slots, holds, multi-stage trips, lanes limited to some stages and classes
 * in any order, interleave patterns, aging — are driven through the real Lua scheduler in Redis.
 * Before every call-up pickNext is asked the same question on the same queues, and both must name
 * the same truck for the same reason. PROPERTY_RUNS sets the number of random gates (default 200).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PRIORITY_CLASSES, type Direction, type PolicyConfig, type PriorityClass, type Stage,
} from '@borderflow/contracts';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { GateScheduler } from './gate-scheduler.ts';
import { checkInvariants } from './invariants.ts';
import { pickNext, queueScore, type PickedTruck, type PolicyQueue, type WaitingTruck } from './pick-next.ts';
import type { CommandResult, LaneConfig } from './types.ts';
import { gateKeysOf } from './testing.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const STAGE_POOL: Stage[] = ['documents', 'xray', 'gate'];
const DIRECTIONS: Direction[] = ['exit', 'entry'];

const policyArb = fc.record({
  interleave: fc.array(fc.constantFrom(...PRIORITY_CLASSES), { minLength: 1, maxLength: 7 }),
  agingMs: fc.constantFrom(1, 45 * MIN, 120 * MIN, 6 * 60 * MIN, 24 * 60 * MIN),
  appointmentGraceMs: fc.constantFrom(0, 10 * MIN, 30 * MIN),
});
const laneArb = fc.record({
  direction: fc.constantFrom(...DIRECTIONS),
  capabilities: fc.shuffledSubarray(STAGE_POOL, { minLength: 1 }),
  classes: fc.oneof(fc.constant([] as PriorityClass[]), fc.shuffledSubarray([...PRIORITY_CLASSES], { minLength: 1 })),
});
const truckArb = fc.record({
  direction: fc.constantFrom<Direction>('exit', 'exit', 'entry'),
  priorityClass: fc.constantFrom(...PRIORITY_CLASSES),
  stages: fc.shuffledSubarray(STAGE_POOL, { minLength: 1, maxLength: 2 }),
  // On a 5-minute grid over 3 h, so equal places in line, and waits of exactly agingMs, happen.
  arrivalMin: fc.integer({ min: 0, max: 36 }).map((k) => k * 5),
  appointmentMin: fc.option(fc.integer({ min: -6, max: 48 }).map((k) => k * 5), { nil: null }),
  hold: fc.boolean(),
});
const stepArb = fc.record({
  kind: fc.constantFrom('open', 'cancel', 'complete', 'complete'),
  lane: fc.nat(),
  advanceMin: fc.constantFrom(0, 0, 5, 15, 30, 90),
});
const gateArb = fc.record({
  policy: policyArb,
  lanes: fc.array(laneArb, { minLength: 1, maxLength: 3 }),
  trucks: fc.array(truckArb, { minLength: 1, maxLength: 18 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 20 }),
});

type Lists = Map<string, WaitingTruck[]>;
const slot = (stage: Stage, cls: PriorityClass) => `${stage}:${cls}`;

describe('pickNext and the Lua scheduler', () => {
  let t: TestRedis;
  let gateNo = 0;
  beforeAll(() => { t = testRedis(); });
  afterAll(() => t.cleanup());

  it('call the same truck for the same reason on random gates', async () => {
    // What was compared, so a generator that stopped reaching the rule would show.
    const seen = { aging: 0, interleave: 0, nothing: 0, appointments: 0, walkIns: 0 };
    await fc.assert(
      fc.asyncProperty(gateArb, async (g) => {
        const s = new GateScheduler({ redis: t.redis, gate: `P${gateNo++}`, prefix: t.prefix });
        const keys = gateKeysOf(s);
        const ok = (r: CommandResult) => {
          if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
          return r;
        };
        const policy: PolicyConfig = {
          ...g.policy, callUpTimeoutMs: 10 * MIN, noShowPenaltyMs: 15 * MIN, crossCapPerHour: { exit: 0, entry: 0 },
        };
        const lanes: LaneConfig[] = g.lanes.map((l, i) => ({ id: `L${i}`, name: `L${i}`, status: 'closed', ...l }));
        // Every lane starts closed, so trucks queue up instead of being called directly at check-in.
        await s.configure(lanes, policy, { actor: 'test', now: T0 });

        const trucks = g.trucks.map((tr, i) => ({ ...tr, id: `t${i}` })).sort((a, b) => a.arrivalMin - b.arrivalMin);
        for (const tr of trucks) {
          const at = T0 + tr.arrivalMin * MIN;
          const appointmentAt = tr.appointmentMin === null ? null : T0 + tr.appointmentMin * MIN;
          const r = ok(await s.checkIn({
            tripId: tr.id, plate: `24C${tr.id}`, direction: tr.direction, priorityClass: tr.priorityClass,
            stages: tr.stages, appointmentAt, actor: 'test', now: at,
          }));
          // The appointment rule: the same place in line from check-in-2.lua and queueScore.
          expect(r.trip?.score).toBe(queueScore(at, appointmentAt, policy));
          if (r.trip?.score !== at) seen.appointments++;
          // A hold keeps a truck out of the exit, never out of its queues: it must not change a pick.
          if (tr.hold) ok(await s.placeHold({ tripId: tr.id, reason: 'test', actor: 'agency:customs', now: at }));
        }

        /** The queues of one direction as Redis holds them, plus the stored pointers. */
        const read = async (direction: Direction) => {
          const lists: Lists = new Map();
          const pipe = t.redis.pipeline();
          for (const stage of STAGE_POOL) for (const cls of PRIORITY_CLASSES) pipe.zrange(keys.queue(direction, stage, cls), 0, -1, 'WITHSCORES');
          for (const stage of STAGE_POOL) pipe.get(keys.pointer(direction, stage));
          const res = (await pipe.exec())!.map(([err, v]) => { if (err) throw err; return v; });
          let i = 0;
          for (const stage of STAGE_POOL) {
            for (const cls of PRIORITY_CLASSES) {
              const flat = res[i++] as string[];
              const list: WaitingTruck[] = [];
              for (let j = 0; j < flat.length; j += 2) list.push({ tripId: flat[j]!, score: Number(flat[j + 1]), priorityClass: cls });
              lists.set(slot(stage, cls), list);
            }
          }
          const pointers = new Map(STAGE_POOL.map((stage) => [stage, Number((res[i++] as string | null) ?? 0)]));
          return { lists, pointers };
        };
        const queueOf = (q: Awaited<ReturnType<typeof read>>): PolicyQueue => ({
          // Redis orders equal scores by member: sort the same way.
          head: (stage, cls) => [...(q.lists.get(slot(stage, cls)) ?? [])]
            .sort((a, b) => a.score - b.score || (a.tripId < b.tripId ? -1 : a.tripId > b.tripId ? 1 : 0))[0],
          pointer: (stage) => q.pointers.get(stage) ?? 0,
        });
        const laneTrip = async (laneId: string) => (await t.redis.hget(keys.lane(laneId), 'trip')) || null;
        let lastEventId = '0';
        /** The call-up a command made to `laneId`, if any: the trip and the rule in its reason. */
        const callTo = async (laneId: string) => {
          const events = await s.readEvents(lastEventId, 10_000);
          if (events.length) lastEventId = events[events.length - 1]!.streamId!;
          const call = events.filter((e) => e.type === 'trip_called' && e.trip?.laneId === laneId).pop();
          return call ? { tripId: call.trip!.id, rule: call.reason?.rule } : null;
        };
        await callTo('');

        const open = new Set<number>();
        let now = T0 + 180 * MIN;
        for (const step of g.steps) {
          now += step.advanceMin * MIN;
          const li = step.lane % lanes.length;
          const lane = lanes[li]!;
          const before = await read(lane.direction);
          let expected: PickedTruck | null;
          if (step.kind === 'open') {
            if (open.has(li)) continue;
            expected = pickNext(queueOf(before), lane, policy, now);
            ok(await s.setLaneStatus({ laneId: lane.id, status: 'open', reason: 'test', actor: 'test', now }));
            open.add(li);
          } else {
            const tripId = await laneTrip(lane.id);
            if (!tripId || !open.has(li)) continue;
            if (step.kind === 'cancel') {
              expected = pickNext(queueOf(before), lane, policy, now);
              ok(await s.cancel({ tripId, actor: 'test', now }));
            } else {
              ok(await s.arriveAtLane({ laneId: lane.id, tripId, actor: 'test', now }));
              ok(await s.startInspection({ laneId: lane.id, tripId, actor: 'test', now }));
              const h = await t.redis.hmget(keys.trip(tripId), 'stages', 'stageIndex', 'class');
              const nextStage = h[0]!.split(',')[Number(h[1]) + 1] as Stage | undefined;
              ok(await s.complete({ laneId: lane.id, tripId, outcome: 'cleared', actor: 'test', now }));
              // The cleared truck joins its next stage's queue before the lane picks, unless
              // another idle lane took it at once (a direct call, not this rule's choice).
              const after = await t.redis.hmget(keys.trip(tripId), 'state', 'lane');
              if (nextStage && (after[0] === 'queued' || after[1] === lane.id)) {
                before.lists.get(slot(nextStage, h[2] as PriorityClass))!.push({ tripId, score: now, priorityClass: h[2] as PriorityClass });
              }
              expected = pickNext(queueOf(before), lane, policy, now);
            }
          }
          const actual = await callTo(lane.id);
          expect(actual?.tripId ?? null, `lane ${lane.id} at +${(now - T0) / MIN} min`).toBe(expected?.truck.tripId ?? null);
          if (expected) expect(actual?.rule).toBe(expected.rule);
          seen[expected?.rule ?? 'nothing']++;
          // Walk-ins (the lowest class, outside the default pattern) must be among the calls compared.
          if (expected?.priorityClass === 'walk_in') seen.walkIns++;
          expect(await laneTrip(lane.id)).toBe(expected?.truck.tripId ?? null);
        }
        expect(await checkInvariants(t.redis, keys)).toEqual([]);
      }),
      { numRuns: RUNS, seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
    );
    console.log(`pickNext ≡ Lua over ${RUNS} gates:`, seen);
    if (RUNS >= 100) for (const n of Object.values(seen)) expect(n).toBeGreaterThan(RUNS / 10);
  }, 600_000);
});
