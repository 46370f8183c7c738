/**
 * The lane board's model: a gate snapshot projected forward by the delta events that follow.
 * Pure functions (no DOM, no sockets) so the exact rules — when to apply, when to resync — are
 * unit-tested.
 *
 * Each GateEvent carries the post-state of the trip and lane it touched, so the board never
 * re-derives scheduler rules: it moves the trip to where the event says it now is. The call order
 * of a stage queue comes from the server too: a delta that changes a queue carries that queue's
 * order (the trucks that moved and their indexes, see @borderflow/contracts queue-order.ts). The
 * board never guesses it; an order it cannot apply exactly means it missed something: resync.
 *
 * Updates share structure: a lane object or a queue array that did not change keeps its
 * identity, so memoised lane cards re-render only when their own lane or line changed
 * (200 lanes and 5,000 trucks at 50 events/s: see benchmarks/RESULTS.md).
 */
import { applyQueueOrder, joinSnapshotPages } from '@borderflow/contracts';
import type { SnapshotPage, SnapshotPaging } from '@borderflow/contracts';
import type { GateEvent, GateSnapshotMessage, LaneViewMessage, PriorityClass, QueueEntryMessage, QueueEta, QueueOrder, Stage, TripPlacement } from '@borderflow/contracts';

/** A waiting truck as the board shows it. */
export interface BoardQueueEntry {
  trip: TripPlacement;
  /** Server time (ms) it joined this queue. */
  since: number;
  /**
   * The server's expected call-up (server time, ms): from the snapshot, then from the deltas that
   * carry it (every truck a delta places, and every one whose ETA moved). Null only until then.
   */
  etaAt: number | null;
  /** Why it stands here, from the last snapshot (null: placed by a live event). */
  reason: QueueEntryMessage['reason'] | null;
}

export interface GateBoard {
  gate: string;
  seq: number;
  policyVersion: number;
  lanes: readonly LaneViewMessage[];
  queues: Partial<Record<Stage, readonly BoardQueueEntry[]>>;
  held: readonly TripPlacement[];
  exitQueue: readonly TripPlacement[];
  /**
   * While a paged snapshot's pages come (snapshot-pages.ts): `queues` holds only the head's first
   * trucks of each direction and class, which is every lane's next trucks exactly; `lengths` are
   * the whole queues'. Absent once the queues are whole.
   */
  loading?: BoardLoading;
}

/** The pages of a paged snapshot received so far, already as board entries. */
export interface BoardLoading {
  paging: SnapshotPaging;
  pages: SnapshotPage<BoardQueueEntry>[];
  /** The time the head was taken at: every page's ETAs count from it. */
  now: number;
}

export type DeltaVerdict = 'apply' | 'stale' | 'gap';

/** Trip states in which a truck occupies a lane. */
const ON_LANE = new Set(['called', 'at_lane', 'inspecting']);

/**
 * Builds the board from a `snapshot` message.
 *
 * @example
 * const board = boardFromSnapshot(snapshot, Date.now());
 */
export function boardFromSnapshot(snapshot: GateSnapshotMessage, now: number): GateBoard {
  const board: GateBoard = {
    gate: snapshot.gate,
    seq: snapshot.seq,
    policyVersion: snapshot.policyVersion,
    lanes: snapshot.lanes,
    queues: boardQueues(snapshot.queues, now),
    held: snapshot.held,
    exitQueue: snapshot.exitQueue,
  };
  if (snapshot.paging) board.loading = { paging: snapshot.paging, pages: [], now };
  return board;
}

/** A snapshot's (or a snapshot page's) queue entries as the board keeps them. */
function boardQueues(queues: Partial<Record<Stage, readonly QueueEntryMessage[]>>, now: number): GateBoard['queues'] {
  const out: GateBoard['queues'] = {};
  for (const [stage, entries] of Object.entries(queues) as [Stage, readonly QueueEntryMessage[] | undefined][]) {
    out[stage] = (entries ?? []).map((entry) => ({
      trip: entry.trip,
      since: entry.trip.queuedAt ?? now - entry.waitMs,
      etaAt: now + entry.eta.expectedMs,
      reason: entry.reason,
    }));
  }
  return out;
}

/**
 * Adds the next page of a paged snapshot (its entries already in the in-process shape) to the
 * board built from its head; with the last one the queues become whole. Null when it is not the
 * next page of this snapshot, or the pages do not make the queues the head announced.
 *
 * @example
 * board = withSnapshotPage(board, { ...page, queues: liveWire.fromQueues(page.queues) }) ?? board;
 */
export function withSnapshotPage(board: GateBoard, page: SnapshotPage<QueueEntryMessage>): GateBoard | null {
  const loading = board.loading;
  if (!loading || page.seq !== board.seq || page.page !== loading.pages.length || page.pages !== loading.paging.pages) return null;
  const pages = [...loading.pages, { ...page, queues: boardQueues(page.queues, loading.now) }];
  if (pages.length < loading.paging.pages) return { ...board, loading: { ...loading, pages } };
  const queues = joinSnapshotPages(loading.paging, board.seq, pages);
  if (!queues) return null;
  const { loading: _done, ...whole } = board;
  // The head's entries keep their objects (and their cards their render).
  return reuseUnchanged(board, { ...whole, queues });
}

function sameTrip(a: TripPlacement | null, b: TripPlacement | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.id === b.id && a.state === b.state && a.stageIndex === b.stageIndex && a.stage === b.stage && a.priorityClass === b.priorityClass &&
    a.direction === b.direction && a.score === b.score && a.laneId === b.laneId && a.noShows === b.noShows && a.deadline === b.deadline &&
    a.plate === b.plate && a.hold === b.hold && a.queuedAt === b.queuedAt && a.stages.join() === b.stages.join()
  );
}

function sameLane(a: LaneViewMessage, b: LaneViewMessage): boolean {
  return (
    a.id === b.id && a.name === b.name && a.direction === b.direction && a.status === b.status && a.occupancy === b.occupancy &&
    a.since === b.since && a.expectedServiceMs === b.expectedServiceMs && a.capabilities.join() === b.capabilities.join() &&
    a.classes.join() === b.classes.join() && sameTrip(a.trip, b.trip)
  );
}

/**
 * A fresh snapshot laid over the board it replaces: every lane, trip and queue entry that did
 * not change keeps its object, so a resync after a gap re-renders only what moved.
 *
 * @example
 * board = reuseUnchanged(board, boardFromSnapshot(snapshot, now));
 */
export function reuseUnchanged(prev: GateBoard | null, next: GateBoard): GateBoard {
  if (!prev) return next;
  const prevLanes = new Map(prev.lanes.map((l) => [l.id, l]));
  const lanes = next.lanes.map((lane) => {
    const old = prevLanes.get(lane.id);
    return old && sameLane(old, lane) ? old : lane;
  });
  const prevEntries = new Map<string, BoardQueueEntry>();
  for (const entries of Object.values(prev.queues)) {
    for (const entry of entries ?? []) {
      prevEntries.set(entry.trip.id, entry);
    }
  }
  const queues: GateBoard['queues'] = {};
  for (const [stage, entries] of Object.entries(next.queues) as [Stage, readonly BoardQueueEntry[]][]) {
    const old = prev.queues[stage];
    const merged = entries.map((entry) => {
      const before = prevEntries.get(entry.trip.id);
      if (!before || !sameTrip(before.trip, entry.trip)) return entry;
      const same = before.since === entry.since && before.etaAt === entry.etaAt && before.reason?.rule === entry.reason?.rule && before.reason?.policyVersion === entry.reason?.policyVersion;
      return same ? before : { ...entry, trip: before.trip };
    });
    queues[stage] = old && old.length === merged.length && merged.every((e, i) => e === old[i]) ? old : merged;
  }
  return { ...next, lanes: lanes.every((l, i) => l === prev.lanes[i]) && lanes.length === prev.lanes.length ? prev.lanes : lanes, queues };
}

/**
 * What to do with a delta numbered `seq` given the last applied one: `apply` the next,
 * drop a `stale` repeat (e.g. replayed after a connection recovery), `gap`: resync.
 *
 * @example
 * classifyDelta(41, 42); // "apply"
 * classifyDelta(41, 44); // "gap"
 */
export function classifyDelta(lastSeq: number, seq: number): DeltaVerdict {
  if (seq === lastSeq + 1) return 'apply';
  return seq <= lastSeq ? 'stale' : 'gap';
}

function withoutTrip<T>(list: readonly T[], id: string, idOf: (item: T) => string): readonly T[] {
  const at = list.findIndex((item) => idOf(item) === id);
  if (at < 0) return list;
  return [...list.slice(0, at), ...list.slice(at + 1)];
}

/**
 * Applies one event's post-states, the server's order of the queues it changed (`orders`,
 * the delta's `queues`) and the ETAs that moved (`etas`). `needsResync` when the event mentions something the board cannot place
 * without a fresh snapshot (a lane it has never seen, a lane holding a trip it has no data for, a
 * queued truck without the server's order, an order that does not fit the board's queue).
 *
 * @example
 * const { board: next, needsResync } = applyGateEvent(board, delta.event, delta.queues);
 */
export function applyGateEvent(
  board: GateBoard, event: GateEvent, orders: readonly QueueOrder[] = [], etas: readonly QueueEta[] = [],
): { board: GateBoard; needsResync: boolean } {
  let needsResync = false;
  let lanes = board.lanes;
  let queues = board.queues;
  let held = board.held;
  let exitQueue = board.exitQueue;
  const trip = event.trip;
  let placing: BoardQueueEntry | null = null;
  const replaceLane = (index: number, lane: LaneViewMessage) => {
    if (lanes === board.lanes) lanes = [...board.lanes];
    (lanes as LaneViewMessage[])[index] = lane;
  };

  if (trip) {
    const id = trip.id;
    for (const [stage, entries] of Object.entries(queues) as [Stage, readonly BoardQueueEntry[]][]) {
      const next = withoutTrip(entries, id, (e) => e.trip.id);
      if (next !== entries) queues = { ...queues, [stage]: next };
    }
    held = withoutTrip(held, id, (t) => t.id);
    exitQueue = withoutTrip(exitQueue, id, (t) => t.id);
    lanes.forEach((lane, i) => {
      if (lane.trip?.id !== id) return;
      // Still on this lane: fresh data. Gone: the lane's own post-state says what it does now.
      replaceLane(i, { ...lane, trip: ON_LANE.has(trip.state) && trip.laneId === lane.id ? trip : null });
    });
    if (trip.state === 'queued' && trip.stage) {
      placing = { trip, since: trip.queuedAt ?? event.at, etaAt: null, reason: null };
      // Its place is the server's to say: without the stage's order it waits for the resync.
      if (!orders.some((o) => o.stage === trip.stage)) needsResync = true;
    } else if (trip.state === 'held') {
      held = [...held, trip];
    } else if (trip.state === 'exit_queue') {
      exitQueue = [...exitQueue, trip].sort((a, b) => a.score - b.score);
    }
  }

  for (const order of orders) {
    const current = queues[order.stage] ?? [];
    const next = applyQueueOrder(current, (e) => e.trip.id, order, placing?.trip.stage === order.stage ? [placing] : []);
    if (!next) needsResync = true;
    else if (next.length !== current.length || next.some((e, i) => e !== current[i])) queues = { ...queues, [order.stage]: next };
  }

  if (etas.length) queues = withEtas(queues, etas);

  if (event.lane) {
    const post = event.lane;
    const index = lanes.findIndex((l) => l.id === post.id);
    const lane = lanes[index];
    if (!lane) {
      needsResync = true;
    } else {
      let laneTrip = lane.trip;
      if (post.tripId === null) laneTrip = null;
      else if (trip && trip.id === post.tripId) laneTrip = trip;
      else if (lane.trip?.id !== post.tripId) {
        laneTrip = null;
        needsResync = true;
      }
      const moved = lane.occupancy !== post.occupancy || (lane.trip?.id ?? null) !== post.tripId;
      // The operator's reason travels with the status change; an open lane has none.
      const statusReason = event.type === 'lane_status_changed' ? (post.status === 'open' ? null : (event.detail.reason ?? null)) : (lane.statusReason ?? null);
      if (moved || lane.status !== post.status || laneTrip !== lane.trip || statusReason !== (lane.statusReason ?? null)) {
        replaceLane(index, { ...lane, status: post.status, statusReason, occupancy: post.occupancy, trip: laneTrip, since: moved ? event.at : lane.since });
      }
    }
  }

  return { board: { ...board, seq: event.seq, lanes, queues, held, exitQueue }, needsResync };
}

/**
 * The server's ETAs laid over the queues: an entry it names gets a new object, a queue without
 * any keeps its array (and its cards their render). Ids the board does not hold are ignored:
 * the server sends only trucks that wait at the delta's seq, so that means nothing was lost.
 */
function withEtas(queues: GateBoard['queues'], etas: readonly QueueEta[]): GateBoard['queues'] {
  const byId = new Map(etas.map((e) => [e.id, e.expectedAt]));
  let out = queues;
  for (const [stage, entries] of Object.entries(queues) as [Stage, readonly BoardQueueEntry[]][]) {
    let next: BoardQueueEntry[] | null = null;
    for (let i = 0; i < entries.length; i++) {
      const etaAt = byId.get(entries[i]!.trip.id);
      if (etaAt === undefined || etaAt === entries[i]!.etaAt) continue;
      next ??= [...entries];
      next[i] = { ...entries[i]!, etaAt };
    }
    if (next) out = { ...out, [stage]: next };
  }
  return out;
}

/** A truck a lane can take next, with the stage it would be served for. */
export interface NextTruck extends BoardQueueEntry {
  stage: Stage;
}

function laneServes(lane: Pick<LaneViewMessage, 'direction' | 'classes'>, trip: TripPlacement): boolean {
  return trip.direction === lane.direction && (lane.classes.length === 0 || lane.classes.includes(trip.priorityClass as PriorityClass));
}

/**
 * The next `count` trucks a lane can serve: waiting for a stage the lane has, in its direction
 * and (if restricted) of one of its classes; queues are interleaved by position. Scans each
 * queue only until it has `count` (5,000 waiting trucks cost the board nothing per lane).
 *
 * @example
 * nextInLine(board, 'KT-X1', 3).map((e) => e.trip.plate);
 */
export function nextInLine(board: GateBoard, laneId: string, count = 3): NextTruck[] {
  const lane = board.lanes.find((l) => l.id === laneId);
  return lane ? nextForLane(board, lane, count) : [];
}

/** `nextInLine` for a lane object already at hand. */
export function nextForLane(board: GateBoard, lane: LaneViewMessage, count = 3): NextTruck[] {
  const candidates: Array<NextTruck & { index: number }> = [];
  for (const stage of lane.capabilities) {
    let index = 0;
    for (const entry of board.queues[stage] ?? []) {
      if (!laneServes(lane, entry.trip)) continue;
      candidates.push({ ...entry, stage, index: index++ });
      if (index >= count) break;
    }
  }
  candidates.sort((a, b) => a.index - b.index || (a.etaAt ?? Infinity) - (b.etaAt ?? Infinity));
  return candidates.slice(0, count).map(({ index: _index, ...entry }) => entry);
}

/**
 * Queue length per stage, every stage present (0 when empty), in the order given.
 *
 * @example
 * queueLengths(board, ['gate', 'documents']); // { gate: 4, documents: 2 }
 */
export function queueLengths(board: GateBoard, stages: readonly Stage[]): Record<Stage, number> {
  const lengths = {} as Record<Stage, number>;
  for (const stage of stages) lengths[stage] = board.loading?.paging.lengths[stage] ?? board.queues[stage]?.length ?? 0;
  return lengths;
}

/**
 * Exit lanes first (towards China, the busier side), then entry; by id within.
 *
 * @example
 * sortLanes(board.lanes).map((l) => l.id); // ['KT-P1', 'KT-X1', 'KT-X2', 'KT-N1', …]
 */
export function sortLanes(lanes: readonly LaneViewMessage[]): LaneViewMessage[] {
  const rank = (lane: LaneViewMessage) => (lane.direction === 'exit' ? 0 : 1);
  return [...lanes].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}
