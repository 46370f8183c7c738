/**
 * A lane that records an inspection in one sitting (start and outcome together) sends one
 * completeStage with `startedAt`: the start is recorded in the same atomic step, with its own
 * event, and the answer names the lane's next truck so the lane needs no read to learn it.
 */
import { describe, expect, it } from 'vitest';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';
import { replayEvents } from './event-replay.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const op = (now: number, commandId?: string) => ({ actor: 'user:op1', now, commandId });

describe('completeStage with startedAt', () => {
  const { t, s } = useKimThanhScheduler(T0, { checkInvariants: true });
  const checkIn = (tripId: string, now: number) =>
    s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...op(now) });

  it('records the start and the outcome of a called truck in one step and names the lane\'s next truck', async () => {
    const lane = accepted(await checkIn('a', T0)).trip!.laneId!;
    // More trucks until one waits (every lane that serves documents is taken).
    let waiting: string | undefined;
    for (let i = 1; i <= 10 && !waiting; i++) {
      if (accepted(await checkIn(`w${i}`, T0 + i)).trip!.state === 'queued') waiting = `w${i}`;
    }
    expect(waiting).toBeDefined();

    const done = accepted(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', startedAt: T0 + 60_000, ...op(T0 + 180_000) }));
    expect(done.trip).toMatchObject({ id: 'a', state: 'exit_queue' });
    expect(done.laneTripId).toBe(waiting);

    const events = await s.readEvents();
    const ofA = events.filter((e) => e.trip?.id === 'a').map((e) => [e.type, e.at]);
    expect(ofA.slice(-2)).toEqual([['inspection_started', T0 + 60_000], ['stage_completed', T0 + 180_000]]);
    const completed = events.find((e) => e.type === 'stage_completed')!;
    // Service time from the recorded start, not from the call-up or from this command.
    expect(completed.detail).toMatchObject({ serviceMs: 120_000, outcome: 'cleared' });
    expect(replayEvents(events).trips.get('a')?.state).toBe('exit_queue');
  });

  it('records the drive to the lane (call-up to start) and the service time as a separate start would', async () => {
    const svc = async () => t.redis.hmget(gateKeysOf(s).service, 'drive:mean', 'documents:mean', 'documents:n');
    const laneA = accepted(await checkIn('a', T0)).trip!.laneId!;
    accepted(await s.startInspection({ laneId: laneA, tripId: 'a', ...op(T0 + 30_000) }));
    accepted(await s.complete({ laneId: laneA, tripId: 'a', outcome: 'cleared', ...op(T0 + 90_000) }));
    const separate = await svc();
    await t.redis.del(gateKeysOf(s).service);

    const laneB = accepted(await checkIn('b', T0 + 100_000)).trip!.laneId!;
    accepted(await s.complete({ laneId: laneB, tripId: 'b', outcome: 'cleared', startedAt: T0 + 130_000, ...op(T0 + 190_000) }));
    expect(await svc()).toEqual(separate);
    expect(separate.map(Number)).toEqual([30_000, 60_000, 1]);
  });

  it('without startedAt an inspection that was never started is still refused', async () => {
    const lane = accepted(await checkIn('a', T0)).trip!.laneId!;
    expect(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', ...op(T0 + 1000) }))
      .toMatchObject({ ok: false, code: 'LANE_WRONG_STATE' });
  });

  it('refuses a start before the call-up or after now, and changes nothing', async () => {
    const lane = accepted(await checkIn('a', T0 + 10_000)).trip!.laneId!;
    const before = (await s.readEvents()).length;
    expect(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', startedAt: T0, ...op(T0 + 20_000) }))
      .toMatchObject({ ok: false, code: 'LANE_WRONG_STATE' });
    expect(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', startedAt: T0 + 30_000, ...op(T0 + 20_000) }))
      .toMatchObject({ ok: false, code: 'LANE_WRONG_STATE' });
    expect(await s.readEvents()).toHaveLength(before);
    expect((await s.tripStatus('a', T0 + 20_000))?.trip.state).toBe('called');
  });

  it('answers a plain complete with the lane\'s next truck too (null when the lane went idle)', async () => {
    const lane = accepted(await checkIn('a', T0)).trip!.laneId!;
    accepted(await s.startInspection({ laneId: lane, tripId: 'a', ...op(T0 + 1000) }));
    const done = accepted(await s.complete({ laneId: lane, tripId: 'a', outcome: 'cleared', ...op(T0 + 2000) }));
    expect(done.laneTripId).toBeNull();
  });
});
