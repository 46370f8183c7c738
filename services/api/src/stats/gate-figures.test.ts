/**
 * The manager's figures on a known scenario: six trucks with fixed times through the real
 * scheduler (on Redis), its event stream read back and turned into the stats. Each figure is
 * checked against the hand calculation written beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type GateEvent } from '@borderflow/contracts';
import { testRedis, type TestRedis } from '@borderflow/testkit/testing';
import { GateScheduler, type CommandResult } from '@borderflow/scheduler';
import { computeGateStats } from './gate-stats.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const at = (m: number) => ({ actor: 'user:op1', now: T0 + m * MIN });
const ok = (r: CommandResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
};

describe('gate figures on a known scenario', () => {
  let t: TestRedis;
  let s: GateScheduler;
  beforeEach(async () => {
    t = testRedis();
    s = new GateScheduler({ redis: t.redis, gate: 'KT', prefix: t.prefix });
    // One documents lane, closed until minute 30.
    await s.configure(
      [{ id: 'KT-X1', name: 'Xuất 1', direction: 'exit', capabilities: ['documents'], classes: [], status: 'closed' }],
      DEFAULT_POLICY,
      at(0),
    );
  });
  afterEach(() => t.cleanup());

  const checkIn = (tripId: string, m: number) =>
    s.checkIn({ tripId, plate: `24C${tripId}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], ...at(m) });
  const arrive = async (tripId: string, m: number) => {
    ok(await s.arriveAtLane({ laneId: 'KT-X1', tripId, ...at(m) }));
    ok(await s.startInspection({ laneId: 'KT-X1', tripId, ...at(m) }));
  };
  const complete = async (tripId: string, m: number) => ok(await s.complete({ laneId: 'KT-X1', tripId, outcome: 'cleared', ...at(m) }));

  it('utilisation over open time, waits with the trucks still waiting, crossings per hour', async () => {
    ok(await checkIn('a', 0)); // lane closed: a waits
    ok(await checkIn('b', 10));
    ok(await s.setLaneStatus({ laneId: 'KT-X1', status: 'open', reason: 'shift starts', ...at(30) })); // a called at 30
    // Commands in time order, as at a real gate (the stats read the stream in order).
    await arrive('a', 35);
    await complete('a', 50); // b called at 50
    expect(await s.paceCrossings(T0 + 50 * MIN)).toBe(1); // a crosses at 50
    await arrive('b', 55);
    ok(await checkIn('c', 60));
    ok(await checkIn('d', 70));
    await complete('b', 75); // c called at 75
    expect(await s.paceCrossings(T0 + 75 * MIN)).toBe(1); // b crosses at 75
    await arrive('c', 80);
    ok(await checkIn('e', 85));
    await complete('c', 90); // d called at 90
    ok(await checkIn('f', 95));
    const times = (await s.readEvents()).map((e) => e.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const events = (await s.readEvents()) as GateEvent[];
    const calls = events.filter((e) => e.type === 'trip_called').map((e) => [e.trip!.id, (e.at - T0) / MIN]);
    expect(calls).toEqual([['a', 30], ['b', 50], ['c', 75], ['d', 90]]);

    const stats = computeGateStats('KT', events, { from: T0, to: T0 + 100 * MIN }, new Map([['KT-X1', { occupancy: 'idle', status: 'closed' }]]), 3);

    // Utilisation: busy (at the lane or inspecting) a 35–50, b 55–75, c 80–90 = 15 + 20 + 10 = 45 min;
    // open 30–100 = 70 min; 45 / 70 = 0.643 (over the whole window it would read 45 / 100 = 0.45).
    expect(stats.laneUtilisation).toEqual([{ laneId: 'KT-X1', busyRatio: 0.643, busyMs: 45 * MIN, openMs: 70 * MIN }]);

    // Completed waits (call − check-in): a 30, b 40, c 15, d 20 → sorted 15, 20, 30, 40;
    // nearest rank p50 = 2nd = 20, p90 = 4th = 40.
    expect(stats.waitMs.ordinary).toEqual({ p50: 20 * MIN, p90: 40 * MIN });
    // With e (waiting 15 min at the end) and f (5 min) censored, Kaplan–Meier:
    // at risk 6; f censored at 5 → 5; c done at 15: S = 1 − 1/5 = 0.8; e censored at 15 → 3;
    // d at 20: S = 0.8 × 2/3 = 0.533; a at 30: S = 0.533 × 1/2 = 0.267 ≤ 0.5 → p50 = 30;
    // b at 40: S = 0 ≤ 0.1 → p90 = 40.
    expect(stats.waitIncludingWaitingMs.ordinary).toEqual({ p50: 30 * MIN, p90: 40 * MIN, completed: 4, waiting: 2, longestWaitingMs: 15 * MIN });

    // Crossings per clock hour (hours, not days): a at 01:50, b at 02:15.
    expect(stats.trucksPerHour).toEqual([
      { hour: '2026-11-21T08:00:00.000+07:00', exit: 1, entry: 0 },
      { hour: '2026-11-21T09:00:00.000+07:00', exit: 1, entry: 0 },
    ]);
    // Backlog (queued, called, held, exit queue) at each hour: at 0 a (checked in at 0, counted); at 60:
    // a crossed, b at the lane (not waiting), c queued = 1; at 100: c in the exit queue, d called, e and
    // f queued = 4.
    expect(stats.backlogSeries.map((p) => [(Date.parse(p.at) - T0) / MIN, p.trucks])).toEqual([[0, 1], [60, 1], [100, 4]]);
  });
});
