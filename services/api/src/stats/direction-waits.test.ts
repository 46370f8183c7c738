import { describe, expect, it } from 'vitest';
import type { GateEvent, TripPlacement } from '@borderflow/contracts';
import type { GateSnapshot, LaneView, QueueEntry } from '@borderflow/scheduler';
import { callWaitMs, directionWaits } from './direction-waits.ts';

const NOW = Date.UTC(2025, 5, 1, 8);
const MIN = 60_000;

function trip(id: string, over: Partial<TripPlacement> = {}): TripPlacement {
  return {
    id, state: 'queued', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary',
    direction: 'exit', score: NOW, laneId: null, noShows: 0, deadline: null, plate: '24C12345', hold: false, queuedAt: NOW,
    ...over,
  };
}

function lane(id: string, direction: LaneView['direction'], over: Partial<LaneView> = {}): LaneView {
  return {
    id, name: id, direction, capabilities: ['documents', 'gate'], classes: [], status: 'open', occupancy: 'idle',
    trip: null, since: null, expectedServiceMs: null, ...over,
  };
}

function entry(t: TripPlacement, position: number, expectedMs: number, highMs: number): QueueEntry {
  return {
    trip: t, position, waitMs: 0, eta: { expectedMs, lowMs: expectedMs / 2, highMs },
    reason: { rule: 'interleave', priorityClass: t.priorityClass, policyVersion: 1 },
  };
}

function called(t: TripPlacement, at: number, waitMs: number): GateEvent {
  return {
    seq: 1, gate: 'KT', type: 'trip_called', at, actor: 'system', commandId: null, trip: { ...t, state: 'called' },
    lane: null, reason: { policyVersion: 1, rule: 'interleave', slot: 0, priorityClass: t.priorityClass, waitMs }, detail: { stage: t.stage ?? 'documents' },
  };
}

const snapshot = (over: Partial<GateSnapshot>): GateSnapshot => ({
  gate: 'KT', seq: 1, policyVersion: 1, lanes: [], queues: {}, held: [], exitQueue: [], ...over,
});

describe('directionWaits', () => {
  it('heads with the wait of a truck arriving now, per class, never the back of the slowest line', () => {
    const lanes = [
      lane('KT-X1', 'exit', { occupancy: 'called', trip: trip('c', { state: 'called' }) }),
      lane('KT-X2', 'exit', { status: 'paused' }),
      lane('KT-N1', 'entry'),
    ];
    const queues = {
      documents: [
        entry(trip('a'), 1, 10 * MIN, 14 * MIN),
        entry(trip('b'), 2, 20 * MIN, 26 * MIN),
        entry(trip('r', { priorityClass: 'empty_return' }), 3, 45 * MIN, 60 * MIN),
      ],
      gate: [entry(trip('e', { stage: 'gate' }), 1, 4 * MIN, 6 * MIN)],
    };
    const recentCalls = [5, 10, 15, 40].map((m, i) => called(trip(`h${i}`), NOW - i * MIN, m * MIN));
    const [exit, entryDir] = directionWaits({
      snapshot: snapshot({ lanes, queues, held: [trip('h', { state: 'held', hold: true })], exitQueue: [trip('x', { direction: 'entry' })] }),
      caps: { exit: 60, entry: 0 },
      recentCalls,
      now: NOW,
    });
    expect(exit).toMatchObject({
      direction: 'exit', operationalStatus: 'restricted', queueLength: 4, called: 1, held: 1, exitQueueLength: 0, lanesOpen: 1, lanesTotal: 2,
      liveWaitMs: { p50: 45 * MIN, p90: 60 * MIN },
      recentWaitMs: { p50: 10 * MIN, p90: 40 * MIN, count: 4 },
      // The ordinary headline: behind b, the last ordinary truck (20 min, range 10–26), not behind r (45 min).
      waitMs: { p50: 20 * MIN, p90: 26 * MIN },
      waitMinByClass: {
        ordinary: { expectedMin: 20, lowMin: 10, highMin: 26, basis: 'live' },
        empty_return: { expectedMin: 45, lowMin: 23, highMin: 60, basis: 'live' },
        // Nobody of the class waits: the next call of the line (e, 4 min, range 2–6).
        perishable: { expectedMin: 4, lowMin: 2, highMin: 6, basis: 'live' },
        trusted: { expectedMin: 4, lowMin: 2, highMin: 6, basis: 'live' },
      },
      basis: 'live_and_history',
      downstreamCapPerHour: 60,
      updatedAt: new Date(NOW).toISOString(),
    });
    // Nobody waits and a lane is open: you would be called at once; no call-ups yet, no history.
    expect(entryDir).toMatchObject({
      direction: 'entry', operationalStatus: 'open', queueLength: 0, exitQueueLength: 1, lanesOpen: 1, waitMs: { p50: 0, p90: 0 },
      basis: 'live', recentWaitMs: { p50: null, p90: null, count: 0 }, downstreamCapPerHour: null,
    });
  });

  it('falls back to history when no lane of the direction is open, and says so', () => {
    const lanes = [lane('KT-X1', 'exit', { status: 'closed' }), lane('KT-N1', 'entry', { status: 'maintenance' })];
    const [exit, entryDir] = directionWaits({
      snapshot: snapshot({ lanes, queues: { documents: [entry(trip('a'), 1, 10 * MIN, 14 * MIN)] } }),
      caps: { exit: 0, entry: 0 },
      recentCalls: [called(trip('h'), NOW - MIN, 30 * MIN)],
      now: NOW,
    });
    expect(exit).toMatchObject({ operationalStatus: 'closed', liveWaitMs: null, waitMs: { p50: 30 * MIN, p90: 30 * MIN }, basis: 'history', queueLength: 1 });
    expect(exit!.waitMinByClass.perishable).toEqual({ expectedMin: null, lowMin: null, highMin: null, basis: 'none' });
    expect(entryDir).toMatchObject({ liveWaitMs: null, waitMs: { p50: null, p90: null }, basis: 'none' });
  });

  it('reads a call-up wait from its reason, else from the queue clock', () => {
    const t = trip('a', { queuedAt: NOW - 7 * MIN });
    expect(callWaitMs(called(t, NOW, 3 * MIN))).toBe(3 * MIN);
    expect(callWaitMs({ ...called(t, NOW, 0), reason: null })).toBe(7 * MIN);
    expect(callWaitMs({ ...called({ ...t, queuedAt: null }, NOW, 0), reason: null })).toBeNull();
  });
});
