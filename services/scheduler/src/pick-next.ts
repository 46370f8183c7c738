/**
 * The priority rule of the published policy, once, in TypeScript: which waiting truck a free lane
 * calls next. The Lua scheduler (commands/includes/policy.lua `policyPick`, assignment.lua
 * `laneBecameIdle`) applies the same rule to the same parameters atomically in Redis;
 * pick-next.property.test.ts drives random queues through both and requires the same truck.
 * The projections (queue order, lane call times, ETAs) replay this function and nothing else.
 *
 * For one lane, per stage it serves (in its configured order), among the classes it serves:
 *   1. aging: the oldest class head that has waited at least agingMs (nobody starves);
 *   2. interleave: walk the pattern from the stage's pointer, first class with a truck;
 *   3. fallback: the oldest head of a class the pattern does not name (work-conserving).
 * Across stages an aging pick beats the others, then the lower score; a tie keeps the earlier stage.
 */
import { PRIORITY_CLASSES, type PolicyConfig, type PriorityClass, type Stage } from '@borderflow/contracts';

export interface WaitingTruck {
  tripId: string;
  /** Place in line, ms epoch: arrival, or the booked slot's start (see queueScore). */
  score: number;
  priorityClass: PriorityClass;
  /** A truck expected to arrive (ETA projection only): not waiting before this time, ms epoch. */
  arrivesAt?: number;
}

/** The waiting trucks of one direction as the rule sees them. */
export interface PolicyQueue {
  /** The truck at the head (lowest score) of one (stage, class) queue, if any. */
  head(stage: Stage, priorityClass: PriorityClass): WaitingTruck | undefined;
  /** The pattern slot the stage's next interleave call starts from (any integer; taken modulo the pattern). */
  pointer(stage: Stage): number;
}

/** What the rule needs of a lane. */
export interface PolicyLane {
  /** Stages served, in the lane's configured order (ties go to the earlier one). */
  capabilities: readonly Stage[];
  /** Classes served; empty = every class (in PRIORITY_CLASSES order). */
  classes: readonly PriorityClass[];
}

/** The parameters of the policy document the choice depends on. */
export type PriorityRule = Pick<PolicyConfig, 'interleave' | 'agingMs'>;

export interface PickedTruck {
  truck: WaitingTruck;
  stage: Stage;
  priorityClass: PriorityClass;
  rule: 'aging' | 'interleave';
  /** The pattern slot that chose it (interleave), null otherwise; the stage's pointer moves past it. */
  slot: number | null;
}

/** A waiting truck that has waited at least agingMs is called before the interleave. */
export const isAged = (score: number, now: number, policy: Pick<PolicyConfig, 'agingMs'>) => now - score >= policy.agingMs;

/**
 * A truck's place in line when it checks in: the booked slot's start if it arrives no later than
 * start + grace (early arrivals wait for their slot's place), its arrival otherwise. The single entry
 * point for appointment priority: `appointmentAt` is a fact the platform issued (a booked slot), never
 * the driver's word. check-in-2.lua applies the same rule.
 * @example queueScore(T + 40 * MIN, T, DEFAULT_POLICY) // T + 40 min: past the 30 min grace, back of the line
 */
export function queueScore(
  arrivedAt: number, appointmentAt: number | null | undefined, policy: Pick<PolicyConfig, 'appointmentGraceMs'>,
): number {
  return appointmentAt != null && arrivedAt <= appointmentAt + policy.appointmentGraceMs ? appointmentAt : arrivedAt;
}

function pickInStage(
  queue: PolicyQueue, stage: Stage, classes: readonly PriorityClass[], policy: PriorityRule, now: number,
): PickedTruck | null {
  let oldest: WaitingTruck | undefined;
  let oldestClass: PriorityClass | undefined;
  let any = false;
  for (const cls of classes) {
    const h = queue.head(stage, cls);
    if (!h) continue;
    any = true;
    if (isAged(h.score, now, policy) && (!oldest || h.score < oldest.score)) { oldest = h; oldestClass = cls; }
  }
  if (!any) return null;
  if (oldest) return { truck: oldest, stage, priorityClass: oldestClass!, rule: 'aging', slot: null };
  const pattern = policy.interleave;
  const n = pattern.length;
  const pointer = n ? ((queue.pointer(stage) % n) + n) % n : 0;
  for (let i = 0; i < n; i++) {
    const slot = (pointer + i) % n;
    const cls = pattern[slot]!;
    const h = classes.includes(cls) ? queue.head(stage, cls) : undefined;
    if (h) return { truck: h, stage, priorityClass: cls, rule: 'interleave', slot };
  }
  for (const cls of classes) {
    const h = queue.head(stage, cls);
    if (h && (!oldest || h.score < oldest.score)) { oldest = h; oldestClass = cls; }
  }
  return { truck: oldest!, stage, priorityClass: oldestClass!, rule: 'interleave', slot: null };
}

/**
 * The truck a free lane calls at `now`, or null when nothing it serves is waiting.
 * @example
 * pickNext(queue, { capabilities: ['documents', 'gate'], classes: [] }, DEFAULT_POLICY, Date.now())
 * // → { truck, stage: 'documents', priorityClass: 'perishable', rule: 'interleave', slot: 0 }
 */
export function pickNext(queue: PolicyQueue, lane: PolicyLane, policy: PriorityRule, now: number): PickedTruck | null {
  const classes = lane.classes.length ? lane.classes : PRIORITY_CLASSES;
  let best: PickedTruck | null = null;
  for (const stage of lane.capabilities) {
    const c = pickInStage(queue, stage, classes, policy, now);
    if (c && (!best || (c.rule === 'aging' && best.rule !== 'aging') || (c.rule === best.rule && c.truck.score < best.truck.score))) {
      best = c;
    }
  }
  return best;
}

/** The stage's pointer after a pick (unchanged unless the interleave chose it). */
export function pointerAfter(pick: PickedTruck, pointer: number, policy: PriorityRule): number {
  return pick.slot === null ? pointer : (pick.slot + 1) % policy.interleave.length;
}
