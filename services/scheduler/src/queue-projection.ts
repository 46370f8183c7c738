/**
 * The order in which waiting trucks of one stage will be called: pickNext (the published rule)
 * replayed on the current queues, as a lane serving this stage and every class would call them.
 * It answers "where am I and why" for drivers and operators; new arrivals and lane class
 * restrictions can still change it, which the ETA range absorbs.
 */
import { PRIORITY_CLASSES, type PriorityClass, type Stage } from '@borderflow/contracts';
import { isAged, pickNext, pointerAfter, type PriorityRule, type WaitingTruck } from './pick-next.ts';

export type { WaitingTruck } from './pick-next.ts';

export interface ProjectedCall extends WaitingTruck {
  rule: 'aging' | 'interleave';
}

type ClassQueues = Partial<Record<PriorityClass, WaitingTruck[]>>;

/**
 * A projection kept with the walk's state before each of its steps, so that after a change deep in
 * one class's list the walk resumes where that change first shows (resumeCallOrder) instead of
 * replaying pickNext over the whole yard for every event.
 */
export interface CallWalk {
  /** The time the walk was made at and the stage's pointer it started from. */
  now: number;
  pointer: number;
  calls: ProjectedCall[];
  /** The step it was resumed from (its calls before it are the prior walk's); 0 when walked afresh. */
  from: number;
  /** Per class, how many of its trucks were called before step k (k = 0..calls.length). */
  taken: Record<PriorityClass, number[]>;
  /** The interleave pointer before step k. */
  pointers: number[];
  /** Where a resumed walk found the prior walk's state again and took its rest (resumeCallOrder). */
  rejoinedAt?: number;
}

// The stage is only a label here: one stage's queues are projected.
const STAGE = 'documents' as Stage;
const LANE = { capabilities: [STAGE], classes: [] };

/**
 * @example
 * projectCallOrder({ ordinary: [a, b], perishable: [c] }, { interleave: ['perishable','ordinary'], agingMs: 7_200_000 }, 0, Date.now())
 * // → c (interleave), a, b
 */
export function projectCallOrder(
  queues: ClassQueues,
  policy: PriorityRule,
  pointer: number,
  now: number,
): ProjectedCall[] {
  return walk(queues, policy, now, [], zeroTaken(), pointer, null);
}

/**
 * projectCallOrder, keeping the walk's state at every step (what resumeCallOrder starts from).
 * @example const w = walkCallOrder(queues, rule, pointer, now); w.calls // = projectCallOrder(...)
 */
export function walkCallOrder(queues: ClassQueues, policy: PriorityRule, pointer: number, now: number): CallWalk {
  const out: CallWalk = { now, pointer, calls: [], from: 0, taken: emptyTaken(), pointers: [] };
  out.calls = walk(queues, policy, now, [], zeroTaken(), pointer, out);
  return out;
}

/** One truck inserted into (`delta` 1) or removed from (-1) a class's list at `index`. */
export interface QueueChange {
  priorityClass: PriorityClass;
  index: number;
  delta: 1 | -1;
}

/** Where a resumed walk differs from the walk it was: calls [from, priorEnd) of it became [from, end). */
export interface WalkChange {
  from: number;
  priorEnd: number;
  end: number;
}

/**
 * The walk of `queues` at `now`, where they differ from the queues `prior` walked only by
 * `changes` (classes not named are unchanged) and the pointer is `prior.pointer`. The steps before
 * any changed index is a class's head saw the same heads, so they are kept and pickNext runs from
 * there; with one change, once the walk is back in a state the prior walk had (the same heads past
 * the change, the same pointer) the rest is the prior walk's rest. The same order as walkCallOrder,
 * at the cost of what changed: `prior` is updated in place (it is this walk now) and the calls
 * that changed are named. Null when it cannot be resumed (the pointer moved, or some truck's aging
 * differs between `prior.now` and `now`): `prior` is as it was, and the caller walks afresh.
 * @example resumeCallOrder(walk, queues, rule, pointer, now, [{ priorityClass: 'ordinary', index: 40, delta: 1 }]) // a check-in
 */
export function resumeCallOrder(
  prior: CallWalk, queues: ClassQueues, policy: PriorityRule, pointer: number, now: number, changes: readonly QueueChange[],
): WalkChange | null {
  if (pointer !== prior.pointer || !sameAging(queues, policy, prior.now, now)) return null;
  // The first step at which some changed index is a class's head (taken is non-decreasing in k).
  let step = prior.calls.length;
  for (const { priorityClass, index } of changes) {
    const taken = prior.taken[priorityClass];
    let lo = 0;
    let hi = step;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid]! >= index) hi = mid;
      else lo = mid + 1;
    }
    step = lo;
  }
  const at = zeroTaken();
  for (const cls of PRIORITY_CLASSES) at[cls] = prior.taken[cls][step]!;
  const change = changes.length === 1 ? changes[0]! : null;
  // Once every class of the pattern has run out, the pointer no longer decides a pick (nor moves):
  // the prior walk's rest is this one's with this walk's pointer.
  let tailPointer: number | null = null;
  // Before step j of this walk, past the change: the prior walk's step j - delta had the same heads
  // (its index in the changed class is this one's - delta) and the same pointer, so it made the same picks after.
  const rejoin = change ? (j: number, ptr: number) => {
    const i = j - change.delta;
    if (i < 0 || i > prior.calls.length) return false;
    const patternDone = policy.interleave.every((cls) => at[cls] >= (queues[cls]?.length ?? 0));
    if (prior.pointers[i] !== ptr && !patternDone) return false;
    tailPointer = patternDone ? ptr : null;
    const c = at[change.priorityClass];
    if (change.delta === 1 ? c <= change.index : c < change.index) return false;
    for (const cls of PRIORITY_CLASSES) {
      if (prior.taken[cls][i] !== (cls === change.priorityClass ? c - change.delta : at[cls])) return false;
    }
    return true;
  } : undefined;
  // The steps from `step` on, walked into a record of their own and then laid over the prior walk's.
  const segment: CallWalk = { now, pointer, calls: [], from: step, taken: emptyTaken(), pointers: [] };
  walk(queues, policy, now, segment.calls, at, prior.pointers[step]!, segment, rejoin, step);
  const priorLength = prior.calls.length;
  const rejoined = change && segment.rejoinedAt !== undefined ? segment.rejoinedAt - change.delta : null;
  // Without a rejoin the segment ends with the walk's final state (one more than its steps).
  const priorEnd = rejoined ?? priorLength;
  const replaced = priorEnd - step;
  spliceIn(prior.calls, step, replaced, segment.calls);
  for (const cls of PRIORITY_CLASSES) {
    const taken = prior.taken[cls];
    spliceIn(taken, step, rejoined === null ? replaced + 1 : replaced, segment.taken[cls]);
    if (rejoined !== null && cls === change!.priorityClass) {
      for (let k = step + segment.taken[cls].length; k < taken.length; k++) taken[k]! += change!.delta;
    }
  }
  spliceIn(prior.pointers, step, rejoined === null ? replaced + 1 : replaced, segment.pointers);
  if (rejoined !== null && tailPointer !== null) prior.pointers.fill(tailPointer, step + segment.pointers.length);
  prior.now = now;
  prior.from = step;
  prior.rejoinedAt = rejoined === null ? undefined : step + segment.calls.length;
  return { from: step, priorEnd, end: step + segment.calls.length };
}

/**
 * The one loop: pickNext over the class heads from `at`, recording each step's state into `record`;
 * it stops (record.rejoinedAt) before a step from which `rejoin` says the rest is known. `first`:
 * the step number of the walk's first call (when `order` holds only the calls from there on).
 */
function walk(
  queues: ClassQueues, policy: PriorityRule, now: number, order: ProjectedCall[],
  at: Record<PriorityClass, number>, pointer: number, record: CallWalk | null,
  rejoin?: (step: number, ptr: number) => boolean, first = 0,
): ProjectedCall[] {
  let total = -first;
  for (const list of Object.values(queues)) total += list?.length ?? 0;
  let ptr = pointer;
  const queue = {
    head: (_stage: Stage, cls: PriorityClass) => queues[cls]?.[at[cls]],
    pointer: () => ptr,
  };
  const mark = () => {
    if (!record) return;
    for (const cls of PRIORITY_CLASSES) record.taken[cls].push(at[cls]);
    record.pointers.push(ptr);
  };
  while (order.length < total) {
    if (rejoin && rejoin(first + order.length, ptr)) {
      record!.rejoinedAt = first + order.length;
      return order;
    }
    mark();
    const pick = pickNext(queue, LANE, policy, now)!;
    order.push({ ...pick.truck, rule: pick.rule });
    at[pick.priorityClass] += 1;
    ptr = pointerAfter(pick, ptr, policy);
  }
  mark();
  return order;
}

/**
 * `list.splice(at, remove, ...items)`, also for more items than a call takes arguments.
 * @example spliceIn(ids, 3, 1, ['a', 'b'])
 */
export function spliceIn<T>(list: T[], at: number, remove: number, items: readonly T[]): void {
  if (items.length < 10_000) {
    list.splice(at, remove, ...items);
    return;
  }
  const rest = list.splice(at + remove);
  list.length = at;
  for (const item of items) list.push(item);
  for (const item of rest) list.push(item);
}

/**
 * Whether every truck waiting is aged at `now` exactly when it was at `then`: only then does the
 * rule pick the same heads at both times. Each class's list is in score order, so the aged ones
 * are a prefix; its length is found by bisection.
 */
function sameAging(queues: ClassQueues, policy: PriorityRule, then: number, now: number): boolean {
  if (then === now) return true;
  for (const list of Object.values(queues)) {
    if (list?.length && agedCount(list, then, policy) !== agedCount(list, now, policy)) return false;
  }
  return true;
}

function agedCount(list: readonly WaitingTruck[], now: number, policy: PriorityRule): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isAged(list[mid]!.score, now, policy)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const zeroTaken = () => Object.fromEntries(PRIORITY_CLASSES.map((c) => [c, 0])) as Record<PriorityClass, number>;
const emptyTaken = () => Object.fromEntries(PRIORITY_CLASSES.map((c) => [c, [] as number[]])) as Record<PriorityClass, number[]>;
