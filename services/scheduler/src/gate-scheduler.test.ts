import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import type { GateScheduler } from './gate-scheduler.ts';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';
import { replayEvents } from './event-replay.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number, commandId?: string) => ({ actor: 'user:op1', now, commandId });
const ok = accepted;

describe('GateScheduler', () => {
  const { s, t } = useKimThanhScheduler(T0, { checkInvariants: true });

  const checkIn = (tripId: string, now: number, extra: Partial<Parameters<GateScheduler['checkIn']>[0]> = {}) =>
    s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents', 'gate'], ...op(now), ...extra });

  it('calls a ready truck straight to the least flexible idle lane that serves it', async () => {
    const r = ok(await checkIn('a', T0));
    expect(r.trip?.state).toBe('called');
    // KT-X1 serves 3 stages, KT-X2 five, KT-P1 only perishables: X1 is the least flexible fit.
    expect(r.trip?.laneId).toBe('KT-X1');
    const events = await s.readEvents();
    const call = events.find((e) => e.type === 'trip_called');
    expect(call?.reason).toMatchObject({ rule: 'direct', priorityClass: 'ordinary', policyVersion: 1 });
  });

  it('walks a trip through every stage to the exit and across at the cap', async () => {
    ok(await checkIn('a', T0));
    ok(await s.arriveAtLane({ laneId: 'KT-X1', tripId: 'a', ...op(T0 + 60_000) }));
    ok(await s.startInspection({ laneId: 'KT-X1', tripId: 'a', ...op(T0 + 70_000) }));
    const done = ok(await s.complete({ laneId: 'KT-X1', tripId: 'a', outcome: 'cleared', ...op(T0 + 250_000) }));
    // next stage (gate): lane X1 just freed and can serve it, so it is called there again.
    expect(done.trip).toMatchObject({ state: 'called', stage: 'gate', stageIndex: 1 });
    // The arrival rate counts check-ins only: the ETA's projection brings a truck back into its next
    // stage itself, and counting it here as well would count it twice (lane-projection.ts).
    const svc = await t.redis.hgetall(gateKeysOf(s).service);
    expect(Number(svc['arr:exit:documents:ordinary:rate'])).toBeGreaterThan(0);
    expect(svc['arr:exit:gate:ordinary:rate']).toBeUndefined();
    const laneId = done.trip!.laneId!;
    ok(await s.startInspection({ laneId, tripId: 'a', ...op(T0 + 300_000) }));
    const last = ok(await s.complete({ laneId, tripId: 'a', outcome: 'cleared', ...op(T0 + 400_000) }));
    expect(last.trip?.state).toBe('exit_queue');
    expect(await s.paceCrossings(T0 + 400_000)).toBe(1);
    expect((await s.tripStatus('a', T0))?.trip.state).toBe('crossed');
    const state = replayEvents(await s.readEvents());
    expect(state.trips.get('a')?.state).toBe('crossed');
  });

  it("learns the drive from the yard as a plain mean of the first drives, so no single first drive weighs on the hour's ETAs", async () => {
    // Three exit trucks called at T0 to the three exit lanes, reaching them after 30 s, 90 s and 150 s.
    const drives = [30_000, 90_000, 150_000];
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      const lane = ok(await checkIn(id, T0, { stages: ['gate'], priorityClass: 'perishable' })).trip!.laneId!;
      ok(await s.arriveAtLane({ laneId: lane, tripId: id, ...op(T0 + drives[i]!) }));
    }
    const svc = await t.redis.hgetall(gateKeysOf(s).service);
    // A moving average from the first drive on (alpha 0.05) kept 30 s at ≈ 90 % of this mean.
    expect(Number(svc['drive:mean'])).toBeCloseTo(90_000, 0);
    expect(svc['drive:n']).toBe('3');
  });

  it('paces crossings to the downstream cap', async () => {
    await s.setPolicy({ ...DEFAULT_POLICY, crossCapPerHour: { exit: 60, entry: 0 } }, op(T0));
    for (const id of ['a', 'b', 'c']) {
      ok(await checkIn(id, T0, { stages: ['gate'], direction: 'exit' }));
    }
    for (const id of ['a', 'b', 'c']) {
      const lane = (await s.tripStatus(id, T0))!.trip.laneId!;
      ok(await s.startInspection({ laneId: lane, tripId: id, ...op(T0) }));
      ok(await s.complete({ laneId: lane, tripId: id, outcome: 'cleared', ...op(T0 + 1000) }));
    }
    expect(await s.paceCrossings(T0 + 2000)).toBe(1);
    expect(await s.paceCrossings(T0 + 30_000)).toBe(0); // one per minute at 60/h
    expect(await s.paceCrossings(T0 + 62_000)).toBe(1);
    const snap = await s.snapshot(T0 + 62_000);
    expect(snap.exitQueue.map((x) => x.id)).toEqual(['c']);
  });

  it('gives a freed lane to the best waiting truck by the interleave, and records why', async () => {
    // Fill the exit lanes, then queue ordinary trucks before a perishable one.
    await s.setLaneStatus({ laneId: 'KT-X2', status: 'closed', reason: 'test', ...op(T0) });
    await s.setLaneStatus({ laneId: 'KT-P1', status: 'closed', reason: 'test', ...op(T0) });
    ok(await checkIn('busy', T0));
    ok(await checkIn('o1', T0 + 1));
    ok(await checkIn('o2', T0 + 2));
    ok(await checkIn('p1', T0 + 3, { priorityClass: 'perishable' }));
    const snap = await s.snapshot(T0 + 10);
    expect(snap.queues.documents?.map((q) => q.trip.id)).toEqual(['p1', 'o1', 'o2']);
    expect(snap.queues.documents?.[0]?.reason.rule).toBe('interleave');
    ok(await s.startInspection({ laneId: 'KT-X1', tripId: 'busy', ...op(T0 + 20) }));
    const r = ok(await s.complete({ laneId: 'KT-X1', tripId: 'busy', outcome: 'cleared', ...op(T0 + 30) }));
    expect(r.trip?.state).toBe('queued'); // its gate stage waits behind the documents queue? no: it queues for gate
    const lane = (await s.snapshot(T0 + 40)).lanes.find((l) => l.id === 'KT-X1')!;
    expect(lane.trip?.id).toBe('p1');
    const call = (await s.readEvents()).filter((e) => e.type === 'trip_called').at(-1)!;
    expect(call.reason).toMatchObject({ rule: 'interleave', slot: 0, priorityClass: 'perishable' });
  });

  it('ages a long-waiting truck ahead of the interleave', async () => {
    await s.setLaneStatus({ laneId: 'KT-X2', status: 'closed', reason: 'test', ...op(T0) });
    await s.setLaneStatus({ laneId: 'KT-P1', status: 'closed', reason: 'test', ...op(T0) });
    ok(await checkIn('busy', T0, { stages: ['documents'] }));
    ok(await checkIn('old', T0 + 1, { priorityClass: 'empty_return', stages: ['documents'] }));
    ok(await checkIn('p', T0 + 2, { priorityClass: 'perishable', stages: ['documents'] }));
    const later = T0 + DEFAULT_POLICY.agingMs + 10;
    ok(await s.startInspection({ laneId: 'KT-X1', tripId: 'busy', ...op(later) }));
    ok(await s.complete({ laneId: 'KT-X1', tripId: 'busy', outcome: 'cleared', ...op(later) }));
    const call = (await s.readEvents()).filter((e) => e.type === 'trip_called').at(-1)!;
    expect(call.trip?.id).toBe('old');
    expect(call.reason?.rule).toBe('aging');
  });

  it('re-queues a no-show once with a penalty, and drops it the second time', async () => {
    ok(await checkIn('a', T0));
    const timeout = DEFAULT_POLICY.callUpTimeoutMs;
    expect(await s.expireCallUps(T0 + timeout - 1)).toBe(0);
    expect(await s.expireCallUps(T0 + timeout)).toBe(1);
    // all exit lanes that serve it are idle again, so it is called at once after the re-queue.
    let st = (await s.tripStatus('a', T0 + timeout))!;
    expect(st.trip).toMatchObject({ state: 'called', noShows: 1, score: T0 + DEFAULT_POLICY.noShowPenaltyMs });
    expect(await s.expireCallUps(T0 + 3 * timeout)).toBe(1);
    st = (await s.tripStatus('a', T0 + 3 * timeout))!;
    expect(st.trip).toMatchObject({ state: 'no_show', noShows: 2 });
  });

  it('a truck called to a closing lane keeps its place and goes to another lane', async () => {
    await s.setLaneStatus({ laneId: 'KT-X2', status: 'paused', reason: 'shift change', ...op(T0) });
    ok(await checkIn('a', T0));
    ok(await checkIn('b', T0 + 5));
    expect((await s.tripStatus('a', T0))!.trip.laneId).toBe('KT-X1');
    const closed = ok(await s.setLaneStatus({ laneId: 'KT-X1', status: 'closed', reason: 'scanner fault', ...op(T0 + 10) }));
    expect(closed.ok).toBe(true);
    let a = (await s.tripStatus('a', T0 + 10))!;
    expect(a.trip.state).toBe('queued');
    expect(a.position).toBe(1); // ahead of b, which arrived later
    // Every board shows why a lane is not open, until it opens again.
    let lanes = (await s.snapshot(T0 + 15)).lanes;
    expect(lanes.find((l) => l.id === 'KT-X1')?.statusReason).toBe('scanner fault');
    expect(lanes.find((l) => l.id === 'KT-X2')?.statusReason).toBe('shift change');
    ok(await s.setLaneStatus({ laneId: 'KT-X2', status: 'open', reason: 'back', ...op(T0 + 20) }));
    lanes = (await s.snapshot(T0 + 20)).lanes;
    expect(lanes.find((l) => l.id === 'KT-X2')?.statusReason).toBeNull();
    a = (await s.tripStatus('a', T0 + 20))!;
    expect(a.trip).toMatchObject({ state: 'called', laneId: 'KT-X2' });
    const again = await s.setLaneStatus({ laneId: 'KT-X1', status: 'closed', reason: 'again', ...op(T0 + 30) });
    expect(again).toMatchObject({ ok: false, code: 'LANE_WRONG_STATE' });
  });

  it('applies a repeated command id once', async () => {
    ok(await checkIn('a', T0));
    const first = ok(await s.arriveAtLane({ laneId: 'KT-X1', tripId: 'a', ...op(T0, 'cmd-arrive-0001') }));
    const again = ok(await s.arriveAtLane({ laneId: 'KT-X1', tripId: 'a', ...op(T0, 'cmd-arrive-0001') }));
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect((await s.readEvents()).filter((e) => e.type === 'trip_at_lane')).toHaveLength(1);
  });

  it('rejects lane actions in the wrong state and for the wrong truck', async () => {
    ok(await checkIn('a', T0));
    expect(await s.complete({ laneId: 'KT-X1', tripId: 'a', outcome: 'cleared', ...op(T0) }))
      .toMatchObject({ ok: false, code: 'LANE_WRONG_STATE' });
    expect(await s.startInspection({ laneId: 'KT-X1', tripId: 'zzz', ...op(T0) }))
      .toMatchObject({ ok: false, code: 'LANE_TRIP_MISMATCH' });
    expect(await s.startInspection({ laneId: 'NOPE', tripId: 'a', ...op(T0) }))
      .toMatchObject({ ok: false, code: 'LANE_NOT_FOUND' });
    expect(await checkIn('a', T0)).toMatchObject({ ok: false, code: 'TRIP_ALREADY_LIVE' });
  });

  it('holds keep a truck from the exit queue until released; a new channel changes remaining stages', async () => {
    ok(await checkIn('a', T0, { stages: ['gate'] }));
    ok(await s.placeHold({ tripId: 'a', reason: 'quarantine sample', ...op(T0) }));
    const lane = (await s.tripStatus('a', T0))!.trip.laneId!;
    ok(await s.startInspection({ laneId: lane, tripId: 'a', ...op(T0) }));
    const r = ok(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', ...op(T0 + 100) }));
    expect(r.trip?.state).toBe('held');
    const released = ok(await s.releaseHold({ tripId: 'a', ...op(T0 + 200) }));
    expect(released.trip?.state).toBe('exit_queue');

    ok(await checkIn('b', T0, { stages: ['gate'] }));
    const bLane = (await s.tripStatus('b', T0))!.trip.laneId!;
    ok(await s.startInspection({ laneId: bLane, tripId: 'b', ...op(T0) }));
    // red channel arrives while b is in the lane: it finishes gate, then goes to documents and xray.
    const changed = ok(await s.setStages({ tripId: 'b', stages: ['documents', 'xray', 'gate'], ...op(T0 + 1) }));
    expect(changed.trip?.stages).toEqual(['gate', 'documents', 'xray']);
    const after = ok(await s.complete({ laneId: bLane, tripId: 'b', outcome: 'cleared', ...op(T0 + 2) }));
    expect(after.trip?.stage).toBe('documents');
  });

  it('cancels a called trip and gives its lane to the next truck', async () => {
    await s.setLaneStatus({ laneId: 'KT-X2', status: 'closed', reason: 'test', ...op(T0) });
    ok(await checkIn('a', T0));
    ok(await checkIn('b', T0 + 1));
    const r = ok(await s.cancel({ tripId: 'a', ...op(T0 + 2) }));
    expect(r.trip?.state).toBe('cancelled');
    expect((await s.tripStatus('b', T0 + 2))!.trip).toMatchObject({ state: 'called', laneId: 'KT-X1' });
  });
});
