/**
 * The order in which waiting trucks of one stage will be called: pickNext (the published rule)
 * replayed on the current queues, as a lane serving this stage and every class would call them.
 * It answers "where am I and why" for drivers and operators; new arrivals and lane class
 * restrictions can still change it, which the ETA range absorbs.
 */
import { PRIORITY_CLASSES, type PriorityClass, type Stage } from '@borderflow/contracts';
import { pickNext, pointerAfter, type PriorityRule, type WaitingTruck } from './pick-next.ts';

export type { WaitingTruck } from './pick-next.ts';

export interface ProjectedCall extends WaitingTruck {
  rule: 'aging' | 'interleave';
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
  queues: Partial<Record<PriorityClass, WaitingTruck[]>>,
  policy: PriorityRule,
  pointer: number,
  now: number,
): ProjectedCall[] {
  const at = Object.fromEntries(PRIORITY_CLASSES.map((c) => [c, 0])) as Record<PriorityClass, number>;
  let total = 0;
  for (const list of Object.values(queues)) total += list?.length ?? 0;
  let ptr = pointer;
  const queue = {
    head: (_stage: Stage, cls: PriorityClass) => queues[cls]?.[at[cls]],
    pointer: () => ptr,
  };
  const order: ProjectedCall[] = [];
  while (order.length < total) {
    const pick = pickNext(queue, LANE, policy, now)!;
    order.push({ ...pick.truck, rule: pick.rule });
    at[pick.priorityClass] += 1;
    ptr = pointerAfter(pick, ptr, policy);
  }
  return order;
}
