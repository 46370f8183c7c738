/**
 * How the two kinds of `/live` subscription become state: a whole gate (the lane board) and one
 * trip (the driver's status page).
 */
import {
  ZGateSnapshotMessageSchema,
  ZTripSnapshotMessageSchema,
  type TripSnapshotMessage,
} from '@borderflow/contracts';
import { applyGateEvent, boardFromSnapshot, type GateBoard } from './gate-board.ts';
import type { LiveProjector } from './live-feed.ts';

/** Gate subscriptions: every event of the gate, a seq gap means something was missed. */
export const gateProjector: LiveProjector<GateBoard> = {
  fromSnapshot(snapshot, now) {
    const parsed = ZGateSnapshotMessageSchema.safeParse(snapshot);
    return parsed.success ? boardFromSnapshot(parsed.data, now) : null;
  },
  apply: (board, delta) => {
    const { board: next, needsResync } = applyGateEvent(board, delta.event);
    return { state: next, needsResync };
  },
  seqOf: (board) => board.seq,
  seqMode: 'strict',
};

/** A trip as its driver follows it; `lastEvent` is the latest event about it (call-ups…). */
export interface TripLive extends TripSnapshotMessage {
  lastEvent: import('@borderflow/contracts').GateEvent | null;
}

/**
 * Trip subscriptions get only their trip's events (gate seqs with gaps in between). An event
 * updates the trip and its lane at once (the call-up must show within a second); position and
 * ETA depend on other trucks, so each event also asks for a fresh snapshot.
 */
export const tripProjector: LiveProjector<TripLive> = {
  fromSnapshot(snapshot) {
    const parsed = ZTripSnapshotMessageSchema.safeParse(snapshot);
    return parsed.success ? { ...parsed.data, lastEvent: null } : null;
  },
  apply(trip, delta) {
    const event = delta.event;
    const lane =
      event.lane && trip.lane && event.lane.id === trip.lane.id
        ? { ...trip.lane, status: event.lane.status, occupancy: event.lane.occupancy }
        : trip.lane;
    return {
      state: { ...trip, seq: delta.seq, trip: event.trip ?? trip.trip, lane, lastEvent: event },
      needsResync: true,
    };
  },
  seqOf: (trip) => trip.seq,
  seqMode: 'monotonic',
};
