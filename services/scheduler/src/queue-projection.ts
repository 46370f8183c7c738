/**
 * The order in which waiting trucks will be called, projected from the
 * current queues with the same rule as includes/policy.lua (aging, then the
 * interleave pattern from the stage's pointer, then any other class).
 * It answers "where am I and why" for drivers and operators; new arrivals and
 * lane class restrictions can still change it, which the ETA range absorbs.
 */
import type { PriorityClass } from '@borderflow/contracts';

export interface WaitingTruck {
  tripId: string;
  score: number;
  priorityClass: PriorityClass;
  /** A truck expected to arrive (ETA projection only): not waiting before this time, ms epoch. */
  arrivesAt?: number;
}

export interface ProjectedCall extends WaitingTruck {
  rule: 'aging' | 'interleave';
}

/**
 * @example
 * projectCallOrder({ ordinary: [a, b], perishable: [c] }, ['perishable','ordinary'], 0, 7_200_000, Date.now())
 * // → c (interleave), a, b
 */
export function projectCallOrder(
  queues: Partial<Record<PriorityClass, WaitingTruck[]>>,
  pattern: PriorityClass[],
  pointer: number,
  agingMs: number,
  now: number,
): ProjectedCall[] {
  const heads = new Map<PriorityClass, { list: WaitingTruck[]; at: number }>();
  let total = 0;
  for (const [cls, list] of Object.entries(queues) as [PriorityClass, WaitingTruck[]][]) {
    if (list.length) heads.set(cls, { list, at: 0 });
    total += list.length;
  }
  const order: ProjectedCall[] = [];
  const classOrder: PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'empty_return'];
  const head = (cls: PriorityClass) => {
    const h = heads.get(cls);
    return h && h.at < h.list.length ? h.list[h.at] : undefined;
  };
  const take = (cls: PriorityClass, rule: ProjectedCall['rule']) => {
    const h = heads.get(cls)!;
    order.push({ ...h.list[h.at]!, rule });
    h.at += 1;
  };
  let ptr = pattern.length ? pointer % pattern.length : 0;
  while (order.length < total) {
    let oldest: PriorityClass | undefined;
    for (const cls of classOrder) {
      const h = head(cls);
      if (h && now - h.score >= agingMs && (!oldest || h.score < head(oldest)!.score)) oldest = cls;
    }
    if (oldest) { take(oldest, 'aging'); continue; }
    let picked = false;
    for (let i = 0; i < pattern.length; i++) {
      const slot = (ptr + i) % pattern.length;
      const cls = pattern[slot]!;
      if (head(cls)) { take(cls, 'interleave'); ptr = (slot + 1) % pattern.length; picked = true; break; }
    }
    if (picked) continue;
    for (const cls of classOrder) {
      const h = head(cls);
      if (h && (!oldest || h.score < head(oldest)!.score)) oldest = cls;
    }
    take(oldest!, 'interleave');
  }
  return order;
}
