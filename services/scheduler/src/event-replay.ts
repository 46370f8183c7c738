/**
 * Replays a gate's events into trip and lane placements. Because each event
 * carries the post-state of what it touched, the last event per trip/lane is
 * its state: tests use this to prove the stream alone reproduces Redis, and
 * consumers use the same idea for projections.
 */
import type { GateEvent, LanePlacement, TripPlacement } from '@borderflow/contracts';

export interface ReplayedState {
  trips: Map<string, TripPlacement>;
  lanes: Map<string, LanePlacement>;
  lastSeq: number;
}

/**
 * @example
 * const state = replayEvents(await scheduler.readEvents('0', 100_000));
 * state.trips.get(tripId)?.state // 'queued'
 */
export function replayEvents(events: Iterable<GateEvent>, from?: ReplayedState): ReplayedState {
  const state: ReplayedState = from ?? { trips: new Map(), lanes: new Map(), lastSeq: 0 };
  for (const e of events) {
    if (e.seq <= state.lastSeq) continue; // at-least-once delivery: a repeat changes nothing
    if (e.seq !== state.lastSeq + 1 && state.lastSeq !== 0) {
      throw new Error(`event gap: expected seq ${state.lastSeq + 1}, got ${e.seq}`);
    }
    if (e.trip) state.trips.set(e.trip.id, e.trip);
    if (e.lane) state.lanes.set(e.lane.id, e.lane);
    state.lastSeq = e.seq;
  }
  return state;
}
