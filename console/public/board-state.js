// The lane board's model: a gate snapshot projected forward by the delta
// events that follow it. Pure functions (no DOM, no sockets) so the exact
// rules — when to apply, when to ask for a resync — are tested in Node.
//
// Each GateEvent carries the post-state of the trip and lane it touched, so
// the board never re-derives scheduler rules: it only moves the trip to where
// the event says it now is. The one thing it cannot know is the scheduler's
// projected call order for a newly queued truck; it inserts it by class and
// score, and the next snapshot (resync/reconnect) restores the exact order.

/**
 * @typedef {import('@borderflow/contracts').GateEvent} GateEvent
 * @typedef {import('@borderflow/contracts').TripPlacement} TripPlacement
 * @typedef {import('@borderflow/contracts').Stage} Stage
 * @typedef {import('@borderflow/contracts').GateSnapshotMessage} GateSnapshot
 * @typedef {import('@borderflow/contracts').LaneViewMessage} LaneView
 */

/**
 * A waiting truck as the board shows it.
 * @typedef {object} BoardQueueEntry
 * @property {TripPlacement} trip
 * @property {number} since   server time (ms) it joined this queue
 * @property {number | null} etaMs  the scheduler's expected wait, as of the last snapshot
 */

/**
 * @typedef {object} BoardState
 * @property {string} gate
 * @property {number} seq
 * @property {LaneView[]} lanes
 * @property {Partial<Record<Stage, BoardQueueEntry[]>>} queues
 * @property {TripPlacement[]} held
 * @property {TripPlacement[]} exitQueue
 */

/** Trip states in which a truck occupies a lane. */
const ON_LANE = new Set(['called', 'at_lane', 'inspecting']);

/**
 * Builds the board state from a `snapshot` message.
 *
 * @example
 * const state = fromSnapshot(snapshot, Date.now());
 * @param {GateSnapshot} snapshot
 * @param {number} now server time (ms) the snapshot describes
 * @returns {BoardState}
 */
export function fromSnapshot(snapshot, now) {
  /** @type {Partial<Record<Stage, BoardQueueEntry[]>>} */
  const queues = {};
  for (const [stage, entries] of Object.entries(snapshot.queues ?? {})) {
    queues[/** @type {Stage} */ (stage)] = (entries ?? []).map((entry) => ({
      trip: entry.trip,
      since: entry.trip.queuedAt ?? now - entry.waitMs,
      etaMs: entry.eta?.expectedMs ?? null,
    }));
  }
  return {
    gate: snapshot.gate,
    seq: snapshot.seq,
    lanes: snapshot.lanes.map((lane) => ({ ...lane })),
    queues,
    held: [...(snapshot.held ?? [])],
    exitQueue: [...(snapshot.exitQueue ?? [])],
  };
}

/**
 * What to do with a delta numbered `seq` given the last applied number:
 * `apply` the next one, drop a `stale` repeat (e.g. replayed after a
 * connection recovery), or ask for a resync on a `gap`.
 *
 * @example
 * classifyDelta(41, 42); // "apply"
 * classifyDelta(41, 44); // "gap"
 * @param {number} lastSeq
 * @param {number} seq
 * @returns {'apply' | 'stale' | 'gap'}
 */
export function classifyDelta(lastSeq, seq) {
  if (seq === lastSeq + 1) return 'apply';
  return seq <= lastSeq ? 'stale' : 'gap';
}

/**
 * Applies one event's post-states. Returns the new state and whether the
 * event mentioned something the board cannot place without a fresh snapshot
 * (a lane it has never seen, a lane holding a trip it has no data for).
 *
 * @example
 * const { state: next, needsResync } = applyEvent(state, delta.event);
 * @param {BoardState} state
 * @param {GateEvent} event
 * @returns {{ state: BoardState, needsResync: boolean }}
 */
export function applyEvent(state, event) {
  let needsResync = false;
  const lanes = state.lanes.map((lane) => ({ ...lane }));
  /** @type {Partial<Record<Stage, BoardQueueEntry[]>>} */
  let queues = { ...state.queues };
  let held = state.held;
  let exitQueue = state.exitQueue;
  const trip = event.trip;

  if (trip) {
    const id = trip.id;
    /** @type {Partial<Record<Stage, BoardQueueEntry[]>>} */
    const without = {};
    for (const [stage, entries] of Object.entries(queues)) {
      without[/** @type {Stage} */ (stage)] = (entries ?? []).filter((entry) => entry.trip.id !== id);
    }
    queues = without;
    held = held.filter((t) => t.id !== id);
    exitQueue = exitQueue.filter((t) => t.id !== id);
    for (const lane of lanes) {
      if (lane.trip?.id !== id) continue;
      // Still on this lane: refresh its data. Gone: the lane's own post-state
      // (in this or a later event) says what the lane does now.
      lane.trip = ON_LANE.has(trip.state) && trip.laneId === lane.id ? trip : null;
    }
    if (trip.state === 'queued' && trip.stage) {
      queues[trip.stage] = insertByClassAndScore(queues[trip.stage] ?? [], { trip, since: trip.queuedAt ?? event.at, etaMs: null });
    } else if (trip.state === 'held') {
      held = [...held, trip];
    } else if (trip.state === 'exit_queue') {
      exitQueue = [...exitQueue, trip].sort((a, b) => a.score - b.score);
    }
  }

  if (event.lane) {
    const post = event.lane;
    const lane = lanes.find((l) => l.id === post.id);
    if (!lane) {
      needsResync = true;
    } else {
      if (lane.occupancy !== post.occupancy || (lane.trip?.id ?? null) !== post.tripId) lane.since = event.at;
      lane.status = post.status;
      lane.occupancy = post.occupancy;
      if (post.tripId === null) {
        lane.trip = null;
      } else if (trip && trip.id === post.tripId) {
        lane.trip = trip;
      } else if (lane.trip?.id !== post.tripId) {
        lane.trip = null;
        needsResync = true;
      }
    }
  }

  return { state: { ...state, seq: event.seq, lanes, queues, held, exitQueue }, needsResync };
}

/**
 * Puts a newly queued truck in the place of the first truck of its class it
 * outranks (lower score = earlier; that truck and the rest move back one),
 * otherwise after the last truck of its class, or at the end. Class slots of
 * the interleave keep their positions, which is the best guess without the
 * policy; the next snapshot has the scheduler's exact order.
 * @param {BoardQueueEntry[]} entries
 * @param {BoardQueueEntry} entry
 * @returns {BoardQueueEntry[]}
 */
function insertByClassAndScore(entries, entry) {
  let at = entries.length;
  let lastOfClass = -1;
  for (let i = 0; i < entries.length; i++) {
    const other = /** @type {BoardQueueEntry} */ (entries[i]);
    if (other.trip.priorityClass !== entry.trip.priorityClass) continue;
    if (other.trip.score > entry.trip.score) {
      at = i;
      break;
    }
    lastOfClass = i;
  }
  if (at === entries.length && lastOfClass >= 0) at = lastOfClass + 1;
  return [...entries.slice(0, at), entry, ...entries.slice(at)];
}

/**
 * The next `count` trucks a lane can serve: waiting in a queue of a stage the
 * lane has, in the lane's direction and, if the lane is restricted, of one of
 * its classes. Queues are interleaved by position.
 *
 * @example
 * nextInLine(state, 'KT-X1', 3).map((e) => e.trip.plate);
 * @param {BoardState} state
 * @param {string} laneId
 * @param {number} [count]
 * @returns {(BoardQueueEntry & { stage: Stage })[]}
 */
export function nextInLine(state, laneId, count = 3) {
  const lane = state.lanes.find((l) => l.id === laneId);
  if (!lane) return [];
  /** @type {(BoardQueueEntry & { stage: Stage, index: number })[]} */
  const candidates = [];
  for (const stage of lane.capabilities) {
    let index = 0;
    for (const entry of state.queues[stage] ?? []) {
      if (entry.trip.direction !== lane.direction) continue;
      if (lane.classes.length > 0 && !lane.classes.includes(entry.trip.priorityClass)) continue;
      candidates.push({ ...entry, stage, index: index++ });
    }
  }
  candidates.sort((a, b) => a.index - b.index || (a.etaMs ?? Infinity) - (b.etaMs ?? Infinity));
  return candidates.slice(0, count).map(({ index: _index, ...entry }) => entry);
}

/**
 * Queue length per stage, every stage present (0 when empty), in the order given.
 *
 * @example
 * queueLengths(state, ['gate', 'documents']); // { gate: 4, documents: 2 }
 * @param {BoardState} state
 * @param {readonly Stage[]} stages
 * @returns {Record<string, number>}
 */
export function queueLengths(state, stages) {
  /** @type {Record<string, number>} */
  const lengths = {};
  for (const stage of stages) lengths[stage] = state.queues[stage]?.length ?? 0;
  return lengths;
}
