/**
 * The call order of every stage queue of one gate, kept event by event, so that each live delta
 * can carry the server's order exactly as it was after that event (not as Redis happens to be
 * when the fan-out gets to it, possibly hundreds of events later under load).
 *
 * Events carry the post-state of their trip (stage, direction, class, score) and a call-up its
 * interleave slot, which is all the queues and pointers need: replaying them reproduces the Lua
 * scheduler's queues, and projectCallOrder (pickNext, the one rule) turns them into the order the
 * snapshot and GET queue show. The projection runs at the event's own time (`event.at`), so every
 * API process that replays the same events computes the same orders.
 */
import {
  digestText,
  orderDigest,
  orderDigestState,
  ORDER_DIGEST_START,
  queueMoves,
  STAGES,
  type Direction,
  type GateEvent,
  type PriorityClass,
  type QueueOrder,
  type Stage,
} from '@borderflow/contracts';
import { projectCallOrder, resumeCallOrder, spliceIn, walkCallOrder, type CallWalk, type ProjectedCall, type QueueChange } from './queue-projection.ts';
import type { PriorityRule, WaitingTruck } from './pick-next.ts';

type ClassQueues = Partial<Record<PriorityClass, WaitingTruck[]>>;

/** The waiting trucks and pointers of a gate at one seq, as read atomically from Redis. */
export interface QueueState {
  seq: number;
  /** Stream id of the event numbered `seq` ('0' before any). */
  streamId: string;
  /** Time of that event (ms), the projection's `now` for the orders the clients already hold. */
  at: number;
  rule: PriorityRule;
  /** `${direction}:${stage}` → class → trucks by (score, id), as the sorted sets hold them. */
  queues: Map<string, ClassQueues>;
  pointers: Map<string, number>;
}

/** Snapshots list a stage's exit trucks first, then its entry trucks. */
export const DIRECTION_ORDER: readonly Direction[] = ['exit', 'entry'];
const DIRECTIONS = DIRECTION_ORDER;

export const queueKeyOf = (direction: Direction, stage: Stage) => `${direction}:${stage}`;
const keyOf = queueKeyOf;
/** Sorted sets order equal scores by member, bytewise. */
const before = (a: WaitingTruck, b: WaitingTruck) => a.score < b.score || (a.score === b.score && a.tripId < b.tripId);

export class QueueOrderModel {
  seq: number;
  streamId: string;
  private rule: PriorityRule;
  private readonly queues: Map<string, ClassQueues>;
  private readonly pointers: Map<string, number>;
  private readonly where = new Map<string, { key: string; cls: PriorityClass; stage: Stage }>();
  /** The order last given for each stage: what a client that applied every delta holds. */
  private readonly orders = new Map<Stage, string[]>();
  /**
   * The walk behind each queue's order last given (by `${direction}:${stage}`), so an event that
   * changes a queue deep in its order replays the rule from there, not over the whole yard.
   */
  private readonly walks = new Map<string, CallWalk>();
  /** Per stage, orderDigest's running state after each first k ids of its order (k = 0..length). */
  private readonly digests = new Map<Stage, number[]>();
  /** Class heads projected by pickNext for the orders (for tests: the work per event). */
  picks = 0;

  /**
   * `orders: false` for a one-off read of the orders (trip-read-model.ts): the order given per
   * stage, which only deltas compare against, is not projected.
   */
  constructor(state: QueueState, options: { orders?: boolean } = {}) {
    this.seq = state.seq;
    this.streamId = state.streamId;
    this.rule = state.rule;
    this.queues = state.queues;
    this.pointers = state.pointers;
    for (const direction of DIRECTIONS) {
      for (const stage of STAGES) {
        for (const [cls, list] of Object.entries(this.queues.get(keyOf(direction, stage)) ?? {}) as [PriorityClass, WaitingTruck[]][]) {
          for (const truck of list) this.where.set(truck.tripId, { key: keyOf(direction, stage), cls, stage });
        }
      }
    }
    if (options.orders !== false) for (const stage of STAGES) this.follow(stage, state.at, new Map());
  }

  /**
   * Brings the stage's order given to `now` for the deltas: each queue's walk resumed where the
   * changes `changed` lists for it first show (a queue not in `changed` is as walked before; `null`:
   * walk it afresh). The order, its digest and the moves change only over the calls that changed,
   * so a check-in near the back of a long yard costs the trucks around it. Exactly what
   * `project(stage, now)` gives (queue-order-follow.test.ts).
   */
  private follow(stage: Stage, now: number, changed: Map<string, QueueChange[] | null>): QueueOrder {
    const ids = this.orders.get(stage) ?? [];
    this.orders.set(stage, ids);
    // What changed, as positions in the stage's order: [from, priorEnd) of the order given became [from, end).
    let from = Infinity;
    let priorEnd = 0;
    let end = 0;
    const splices: Array<{ at: number; remove: number; calls: readonly ProjectedCall[] }> = [];
    let offset = 0;
    let priorOffset = 0;
    for (const direction of DIRECTIONS) {
      const key = keyOf(direction, stage);
      const queues = this.queues.get(key) ?? {};
      const pointer = this.pointers.get(key) ?? 0;
      let walk = this.walks.get(key);
      const priorLength = walk?.calls.length ?? 0;
      const change = changed.get(key);
      const resumed = walk && change !== null ? resumeCallOrder(walk, queues, this.rule, pointer, now, change ?? []) : null;
      let part = resumed;
      if (!walk || !resumed) {
        walk = walkCallOrder(queues, this.rule, pointer, now);
        this.walks.set(key, walk);
        part = { from: 0, priorEnd: priorLength, end: walk.calls.length };
      }
      this.picks += part!.end - part!.from;
      if (part!.end > part!.from || part!.priorEnd > part!.from) {
        from = Math.min(from, offset + part!.from);
        priorEnd = priorOffset + part!.priorEnd;
        end = offset + part!.end;
        splices.push({ at: offset + part!.from, remove: part!.priorEnd - part!.from, calls: walk.calls.slice(part!.from, part!.end) });
      }
      offset += walk.calls.length;
      priorOffset += priorLength;
    }
    const digests = this.digests.get(stage) ?? [ORDER_DIGEST_START];
    this.digests.set(stage, digests);
    if (!splices.length) return { stage, length: ids.length, moves: [], digest: digestText(digests[ids.length]!) };
    const priorMiddle = ids.slice(from, priorEnd);
    // The exit queue's part comes first: splicing it first keeps the entry part's position right.
    for (const { at, remove, calls } of splices) spliceIn(ids, at, remove, calls.map((c) => c.tripId));
    const moves = queueMoves(priorMiddle, ids.slice(from, end)).map((m) => ({ id: m.id, index: m.index + from }));
    digests.length = from + 1;
    for (let k = from; k < ids.length; k++) digests.push(orderDigestState(ids, digests[k], k, k + 1));
    return { stage, length: ids.length, moves, digest: digestText(digests[ids.length]!) };
  }

  /** The stage's call order (trip ids, exit direction first, then entry) at `now`. */
  project(stage: Stage, now: number): string[] {
    const ids: string[] = [];
    for (const direction of DIRECTIONS) {
      for (const call of this.calls(direction, stage, now)) ids.push(call.tripId);
    }
    return ids;
  }

  /**
   * One (direction, stage) queue's call order at `now`, with the rule that places each truck: the
   * order the live deltas, the snapshot and the trip read model (trip-read-model.ts) all give.
   */
  calls(direction: Direction, stage: Stage, now: number): ProjectedCall[] {
    const key = keyOf(direction, stage);
    const queues = this.queues.get(key);
    return queues ? projectCallOrder(queues, this.rule, this.pointers.get(key) ?? 0, now) : [];
  }

  /** The waiting trucks of one direction per stage and class, and its pointers: the lane projection's input. */
  directionQueues(direction: Direction): {
    queues: Partial<Record<Stage, ClassQueues>>;
    pointers: Partial<Record<Stage, number>>;
  } {
    const queues: Partial<Record<Stage, ClassQueues>> = {};
    const pointers: Partial<Record<Stage, number>> = {};
    for (const stage of STAGES) {
      const key = keyOf(direction, stage);
      const byClass = this.queues.get(key);
      if (byClass && Object.values(byClass).some((l) => l && l.length > 0)) queues[stage] = byClass;
      pointers[stage] = this.pointers.get(key) ?? 0;
    }
    return { queues, pointers };
  }

  /** The rule parameters in force (policy_set events replace them). */
  get priorityRule(): PriorityRule {
    return this.rule;
  }

  /** Whether the trip waits in a stage queue after the last applied event. */
  isWaiting(tripId: string): boolean {
    return this.where.has(tripId);
  }

  /** The order given for `stage` after the last applied event. */
  order(stage: Stage): readonly string[] {
    return this.orders.get(stage) ?? [];
  }

  /**
   * Every stage's whole order as moves (each truck named at its index): what a freshly seeded model
   * sends with the event it was read at, having no order before it to compare with. Once per seed.
   */
  wholeOrders(): QueueOrder[] {
    return STAGES.map((stage) => {
      const ids = this.orders.get(stage) ?? [];
      return { stage, length: ids.length, moves: ids.map((id, index) => ({ id, index })), digest: orderDigest(ids) };
    });
  }

  /**
   * Applies the next event; returns the new order of each stage queue it changed, as moves from
   * the order given before. Null for an event at or before the model's seq (already counted).
   */
  apply(event: GateEvent): QueueOrder[] | null {
    if (event.seq <= this.seq) return null;
    const touched = new Set<Stage>();
    // Per queue, the trucks this event took out of or put into its class lists (null: walk it afresh).
    const changed = new Map<string, QueueChange[] | null>();
    const changedAt = (key: string, priorityClass: PriorityClass, index: number, delta: 1 | -1) => {
      const c = changed.get(key);
      if (c === null) return;
      changed.set(key, [...(c ?? []), { priorityClass, index, delta }]);
    };
    const trip = event.trip;
    if (trip) {
      const was = this.where.get(trip.id);
      if (was) {
        const list = this.queues.get(was.key)?.[was.cls];
        const at = list?.findIndex((t) => t.tripId === trip.id) ?? -1;
        if (list && at >= 0) {
          list.splice(at, 1);
          changedAt(was.key, was.cls, at, -1);
        }
        this.where.delete(trip.id);
        touched.add(was.stage);
      }
      if (trip.state === 'queued' && trip.stage) {
        const key = keyOf(trip.direction, trip.stage);
        let queues = this.queues.get(key);
        if (!queues) this.queues.set(key, (queues = {}));
        const list = (queues[trip.priorityClass] ??= []);
        const truck: WaitingTruck = { tripId: trip.id, score: trip.score, priorityClass: trip.priorityClass };
        let at = list.length;
        while (at > 0 && before(truck, list[at - 1]!)) at--;
        list.splice(at, 0, truck);
        changedAt(key, trip.priorityClass, at, 1);
        this.where.set(trip.id, { key, cls: trip.priorityClass, stage: trip.stage });
        touched.add(trip.stage);
      }
    }
    if (event.type === 'trip_called' && trip && event.reason?.slot != null && this.rule.interleave.length) {
      // assignment.lua: the stage's pointer moves past the slot that chose the truck.
      this.pointers.set(keyOf(trip.direction, event.detail.stage), (event.reason.slot + 1) % this.rule.interleave.length);
      changed.set(keyOf(trip.direction, event.detail.stage), null);
      touched.add(event.detail.stage);
    }
    if (event.type === 'policy_set') {
      const interleave = event.detail.interleave.split(',').filter(Boolean) as PriorityClass[];
      this.rule = { interleave, agingMs: event.detail.agingMs };
      for (const key of this.walks.keys()) changed.set(key, null);
      for (const stage of STAGES) touched.add(stage);
    }
    this.seq = event.seq;
    if (event.streamId) this.streamId = event.streamId;
    const orders: QueueOrder[] = [];
    for (const stage of STAGES) {
      if (!touched.has(stage)) continue;
      const priorLength = this.orders.get(stage)?.length ?? 0;
      const order = this.follow(stage, event.at, changed);
      if (event.type === 'policy_set' && order.length === 0 && priorLength === 0) continue;
      orders.push(order);
    }
    return orders;
  }
}

