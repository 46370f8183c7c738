/**
 * How the two kinds of `/live` subscription become state: a whole gate (the lane board) and one
 * trip (the driver's status page).
 */
import { z } from 'zod';
import {
  ZLiveLaneViewSchema,
  ZLiveTripPlacementSchema,
  ZLiveTripSnapshotSchema,
  ZSnapshotPagingSchema,
  liveWire,
  type GateSnapshotWire,
  type QueueEntryWire,
  type SnapshotPage,
  type TripSnapshotMessage,
} from '@borderflow/contracts';
import { applyGateEvent, boardFromSnapshot, reuseUnchanged, withSnapshotPage, type GateBoard } from './gate-board.ts';

const ZLanesSchema = z.array(ZLiveLaneViewSchema);
const ZPlacementsSchema = z.array(ZLiveTripPlacementSchema);

/**
 * A gate snapshot's shape as it travels (times as RFC 3339), checked within a few milliseconds. The lanes, held trucks and exit
 * queue go through the contracts' zod schemas; the waiting trucks (5,000 at a busy gate, 2 MB)
 * only get a structural check: zod would take ~40 ms at every resync, and the snapshot comes from
 * our own API, whose output is already validated against the same schemas.
 */
export function isGateSnapshot(value: unknown): value is GateSnapshotWire {
  if (!value || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  if (typeof s.at !== 'string' || Number.isNaN(Date.parse(s.at)) || typeof s.gate !== 'string' || typeof s.seq !== 'number' || typeof s.policyVersion !== 'number') return false;
  if (!ZLanesSchema.safeParse(s.lanes).success || !ZPlacementsSchema.safeParse(s.held).success || !ZPlacementsSchema.safeParse(s.exitQueue).success) return false;
  if (s.paging !== undefined && !ZSnapshotPagingSchema.safeParse(s.paging).success) return false;
  return areQueues(s.queues);
}

/** The structural check of waiting trucks, for snapshots and their pages. */
function areQueues(queues: unknown): queues is Record<string, QueueEntryWire[]> {
  if (!queues || typeof queues !== 'object') return false;
  for (const entries of Object.values(queues)) {
    if (!Array.isArray(entries)) return false;
    for (const e of entries as Array<{ trip?: { id?: unknown; plate?: unknown; stages?: unknown }; position?: unknown; waitMs?: unknown; eta?: unknown; reason?: unknown }>) {
      if (typeof e?.trip?.id !== 'string' || typeof e.trip.plate !== 'string' || !Array.isArray(e.trip.stages)) return false;
      if (typeof e.position !== 'number' || typeof e.waitMs !== 'number' || !e.eta || !e.reason) return false;
    }
  }
  return true;
}

/** A `snapshot_page` as it travels, checked like a snapshot's queues. */
function isSnapshotPage(value: unknown): value is SnapshotPage<QueueEntryWire> {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.gate === 'string' && typeof p.seq === 'number' && typeof p.page === 'number' && typeof p.pages === 'number' && areQueues(p.queues);
}
import type { LiveProjector } from './live-feed.ts';

/** Gate subscriptions: every event of the gate, a seq gap means something was missed. */
export const gateProjector: LiveProjector<GateBoard> = {
  fromSnapshot(snapshot, now, previous) {
    return isGateSnapshot(snapshot) ? reuseUnchanged(previous, boardFromSnapshot(liveWire.fromGateSnapshot(snapshot), now)) : null;
  },
  apply: (board, delta) => {
    const { board: next, needsResync } = applyGateEvent(board, delta.event, delta.queues, delta.etas);
    return { state: next, needsResync };
  },
  seqOf: (board) => board.seq,
  seqMode: 'strict',
  isPartial: (board) => board.loading !== undefined,
  page: (board, page) => (isSnapshotPage(page) ? withSnapshotPage(board, { ...page, queues: liveWire.fromQueues(page.queues) }) : null),
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
    // The codec turns the wire's RFC 3339 times into the ms epoch the page counts with.
    const parsed = ZLiveTripSnapshotSchema.safeParse(snapshot);
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
  position(trip, message) {
    // Only for this trip while it waits, and never older than what the state already shows.
    if (message.tripId !== trip.tripId || message.seq < trip.seq || trip.trip?.state !== 'queued') return null;
    return { ...trip, position: message.position, eta: message.eta };
  },
};
