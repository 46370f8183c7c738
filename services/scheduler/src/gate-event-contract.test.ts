/**
 * The gate event contract binds: every event the real Lua scripts emit, over a
 * journey that touches every command, parses against the typed union of
 * @borderflow/contracts. A script that starts emitting a detail key (or a type)
 * without a schema fails here, not in a consumer.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, GATE_EVENT_TYPES, ZGateEventSchema, type GateEventType } from '@borderflow/contracts';
import type { GateScheduler } from './gate-scheduler.ts';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number) => ({ actor: 'user:op1', now });
const ok = accepted;

/** Types declared for consumers and fixtures but not emitted by any script today (moves are carried by stage_completed.next). */
const NOT_EMITTED: GateEventType[] = ['trip_queued', 'trip_held', 'trip_turned_back', 'exit_queued'];

describe('gate event contract', () => {
  const { t, s } = useKimThanhScheduler(T0);

  /** Every raw stream entry, parsed against the union; failures name the event and the issue. */
  async function rawEvents() {
    const entries = await t.redis.xrange(gateKeysOf(s).events, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('json') + 1]!) as { type: string; detail: object });
  }

  it('parses every event of a journey through every command', async () => {
    const checkIn = (tripId: string, now: number, stages: GateScheduler['checkIn'] extends (i: infer I) => unknown ? Partial<I> : never = {}) =>
      s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], ...op(now), ...stages });
    const laneOf = async (tripId: string) => (await s.tripStatus(tripId, T0))!.trip.laneId!;

    // a: called, arrives, inspected, cleared twice, exits, crosses.
    ok(await checkIn('a', T0, { appointmentAt: T0 - 60_000 }));
    let lane = await laneOf('a');
    ok(await s.arriveAtLane({ laneId: lane, tripId: 'a', ...op(T0 + 1) }));
    ok(await s.startInspection({ laneId: lane, tripId: 'a', ...op(T0 + 2) }));
    ok(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', note: 'ok', ...op(T0 + 3) }));
    lane = await laneOf('a');
    ok(await s.startInspection({ laneId: lane, tripId: 'a', ...op(T0 + 4) }));
    ok(await s.placeHold({ tripId: 'a', reason: 'customs: papers', ...op(T0 + 5) }));
    ok(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', ...op(T0 + 6) }));
    ok(await s.releaseHold({ tripId: 'a', reason: 'customs: fine', ...op(T0 + 7) }));
    await s.paceCrossings(T0 + 8);

    // b: held by its inspection, then released; c: turned back.
    ok(await checkIn('b', T0 + 10, { stages: ['documents'] }));
    lane = await laneOf('b');
    ok(await s.startInspection({ laneId: lane, tripId: 'b', ...op(T0 + 11) }));
    ok(await s.complete({ laneId: lane, tripId: 'b', outcome: 'held', ...op(T0 + 12) }));
    ok(await s.releaseHold({ tripId: 'b', ...op(T0 + 13) }));
    ok(await checkIn('c', T0 + 20, { stages: ['documents'] }));
    lane = await laneOf('c');
    ok(await s.startInspection({ laneId: lane, tripId: 'c', ...op(T0 + 21) }));
    ok(await s.complete({ laneId: lane, tripId: 'c', outcome: 'turned_back', ...op(T0 + 22) }));

    // d: no-show by the operator, then by the deadline (dropped); e: stages changed, requeued by a lane closing, cancelled.
    ok(await checkIn('d', T0 + 30));
    ok(await s.markNoShow({ tripId: 'd', ...op(T0 + 31) }));
    await s.expireCallUps(T0 + 31 + 10 * DEFAULT_POLICY.callUpTimeoutMs + 10 * DEFAULT_POLICY.noShowPenaltyMs);
    ok(await checkIn('e', T0 + 40));
    ok(await s.setStages({ tripId: 'e', stages: ['documents', 'xray', 'gate'], ...op(T0 + 41) }));
    lane = await laneOf('e');
    ok(await s.setLaneStatus({ laneId: lane, status: 'paused', reason: 'break', ...op(T0 + 42) }));
    ok(await s.cancel({ tripId: 'e', ...op(T0 + 43) }));
    await s.setPolicy({ ...DEFAULT_POLICY, agingMs: DEFAULT_POLICY.agingMs + 1 }, op(T0 + 50));

    const raw = await rawEvents();
    const failures = raw.flatMap((e, i) => {
      const r = ZGateEventSchema.safeParse(e);
      return r.success ? [] : [`#${i} ${e.type}: ${JSON.stringify(r.error.issues)}`];
    });
    expect(failures).toEqual([]);
    const seen = new Set(raw.map((e) => e.type));
    expect([...seen].sort()).toEqual(GATE_EVENT_TYPES.filter((x) => !NOT_EMITTED.includes(x)).sort());
  });

  it('refuses a detail key without a schema and a detail of the wrong type', async () => {
    ok(await s.checkIn({ tripId: 'a', plate: '24Ca', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(T0) }));
    const called = (await rawEvents()).find((e) => e.type === 'trip_called')!;
    expect(ZGateEventSchema.safeParse(called).success).toBe(true);
    expect(ZGateEventSchema.safeParse({ ...called, detail: { ...called.detail, untyped: 1 } }).success).toBe(false);
    expect(ZGateEventSchema.safeParse({ ...called, detail: { stage: 'nowhere' } }).success).toBe(false);
    expect(ZGateEventSchema.safeParse({ ...called, type: 'trip_no_show' }).success).toBe(false);
  });
});
