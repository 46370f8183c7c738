import { describe, expect, it } from 'vitest';
import type { GateEvent, TripPlacement } from '@borderflow/contracts';
import { gateTime } from './gate-time.ts';
import { computeGateStats, percentile } from './gate-stats.ts';

const H = 3_600_000;
const T0 = Date.UTC(2025, 5, 1, 8);

function trip(id: string, over: Partial<TripPlacement>): TripPlacement {
  return {
    id, state: 'queued', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary',
    direction: 'exit', score: T0, laneId: null, noShows: 0, deadline: null, plate: '24C12345', hold: false, queuedAt: null,
    ...over,
  };
}

let seq = 0;
function ev(type: GateEvent['type'], at: number, t: TripPlacement | null, lane: GateEvent['lane'] = null, detail = {}): GateEvent {
  return { seq: ++seq, gate: 'KT', type, at, actor: 'test', commandId: null, trip: t, lane, reason: null, detail } as GateEvent;
}

describe('computeGateStats', () => {
  it('counts crossings per hour, waits per class, lane busy time and holds', () => {
    const events: GateEvent[] = [
      ev('trip_queued', T0, trip('a', { queuedAt: T0 })),
      ev('trip_called', T0 + 10 * 60_000, trip('a', { state: 'called', laneId: 'KT-X1', queuedAt: T0 }), { id: 'KT-X1', status: 'open', occupancy: 'called', tripId: 'a' }),
      ev('trip_at_lane', T0 + 15 * 60_000, trip('a', { state: 'at_lane', laneId: 'KT-X1' }), { id: 'KT-X1', status: 'open', occupancy: 'at_lane', tripId: 'a' }),
      ev('hold_placed', T0 + 20 * 60_000, trip('a', { state: 'inspecting', hold: true }), null, { reason: 'quarantine: sample' }),
      ev('stage_completed', T0 + 45 * 60_000, trip('a', { state: 'held', hold: true }), { id: 'KT-X1', status: 'open', occupancy: 'idle', tripId: null }),
      ev('hold_released', T0 + 75 * 60_000, trip('a', { state: 'exit_queue', hold: false })),
      ev('trip_crossed', T0 + 80 * 60_000, trip('a', { state: 'crossed' })),
      ev('trip_crossed', T0 + 2 * H + 1, trip('b', { state: 'crossed', direction: 'entry' })),
    ];
    const stats = computeGateStats('KT', events, { from: T0, to: T0 + 4 * H }, new Map([['KT-X1', { occupancy: 'idle', status: 'open' }], ['KT-N1', { occupancy: 'inspecting', status: 'open' }]]), 7);
    expect(stats.trucksPerHour).toEqual([
      { hour: gateTime(T0 + H), exit: 1, entry: 0 },
      { hour: gateTime(T0 + 2 * H), exit: 0, entry: 1 },
    ]);
    expect(stats.waitMs.ordinary).toEqual({ p50: 10 * 60_000, p90: 10 * 60_000 });
    expect(stats.laneUtilisation).toEqual([
      { laneId: 'KT-N1', busyRatio: 1, busyMs: 4 * H, openMs: 4 * H },
      { laneId: 'KT-X1', busyRatio: 0.125, busyMs: 30 * 60_000, openMs: 4 * H },
    ]);
    expect(stats.holdsMs.quarantine).toEqual({ p50: 55 * 60_000, p90: 55 * 60_000, count: 1, totalMs: 55 * 60_000 });
    expect(stats.backlog).toBe(7);
  });

  it('samples the backlog at the window start, every hour boundary and the end', () => {
    const from = T0 + 30 * 60_000;
    const events: GateEvent[] = [
      ev('trip_queued', T0 + H + 1, trip('a', { queuedAt: T0 + H })),
      ev('trip_queued', T0 + H + 2, trip('b', { queuedAt: T0 + H })),
      ev('trip_at_lane', T0 + 2 * H, trip('w', { state: 'at_lane', laneId: 'KT-X1' })),
      ev('trip_crossed', T0 + 2 * H + 5, trip('a', { state: 'crossed' })),
    ];
    // `w` was already waiting when the window opened; it reaches a lane exactly on the hour (counted there).
    const stats = computeGateStats('KT', events, { from, to: T0 + 3 * H + 60_000 }, new Map(), 1, new Set(['w']));
    expect(stats.backlogSeries).toEqual([
      { at: gateTime(from), trucks: 1 },
      { at: gateTime(T0 + H), trucks: 1 },
      { at: gateTime(T0 + 2 * H), trucks: 2 },
      { at: gateTime(T0 + 3 * H), trucks: 1 },
      { at: gateTime(T0 + 3 * H + 60_000), trucks: 1 },
    ]);
  });

  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 50)).toBe(5);
  });
});
