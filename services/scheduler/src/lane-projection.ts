/**
 * When each waiting truck of one direction will be called, projected by replaying
 * the scheduler's own rule on the trucks waiting now: every lane of the direction
 * (open, or closed with a known reopening) frees after its current truck, then
 * takes the best truck of all the stages it serves, exactly as
 * includes/assignment.lua `laneBecameIdle` and includes/policy.lua `policyPick` do
 * (aging first, then the interleave pattern from each stage's pointer, then the
 * oldest), and is held for the drive from the yard plus the stage's mean service
 * time. A lane shared by several stages thus gives this queue only the time the
 * other queues leave it. Trucks that arrive later are not known; the caller's ETA
 * range absorbs them.
 */
import type { PriorityClass, Stage } from '@borderflow/contracts';
import type { WaitingTruck } from './queue-projection.ts';

const CLASS_ORDER: PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'empty_return'];

export interface ProjectedLane {
  id: string;
  capabilities: Stage[];
  /** Empty = every class. */
  classes: PriorityClass[];
  /** When it can take its next truck (ms epoch); lanes that never will are left out. */
  freeAt: number;
}

export interface LaneProjectionInput {
  lanes: ProjectedLane[];
  /** Waiting trucks per stage and class, each list in score order. */
  queues: Partial<Record<Stage, Partial<Record<PriorityClass, WaitingTruck[]>>>>;
  pointers: Partial<Record<Stage, number>>;
  pattern: PriorityClass[];
  agingMs: number;
  /** How long a call holds a lane, per stage (drive + mean service). */
  holdMs: (stage: Stage) => number;
  /** Stop once this trip is called (a single driver's status); all trips otherwise. */
  until?: string;
}

interface Pick { truck: WaitingTruck; stage: Stage; rule: 'aging' | 'interleave'; slot: number | null }

/**
 * @example
 * projectLaneCalls({ lanes, queues: { documents: { ordinary: [a, b] } }, pointers: {}, pattern, agingMs, holdMs })
 * // → Map { a → t1, b → t2 }
 */
export function projectLaneCalls(o: LaneProjectionInput): Map<string, number> {
  const at = new Map<string, number>();
  const heads = new Map<string, number>(); // "<stage>:<class>" -> index of the head
  const head = (stage: Stage, cls: PriorityClass) => o.queues[stage]?.[cls]?.[heads.get(`${stage}:${cls}`) ?? 0];
  const pointers = { ...o.pointers };
  const lanes = o.lanes.map((l) => ({ ...l }));
  const pick = (stage: Stage, classes: PriorityClass[], now: number): Pick | null => {
    let oldest: WaitingTruck | undefined;
    for (const cls of classes) {
      const h = head(stage, cls);
      if (h && now - h.score >= o.agingMs && (!oldest || h.score < oldest.score)) oldest = h;
    }
    if (oldest) return { truck: oldest, stage, rule: 'aging', slot: null };
    const n = o.pattern.length;
    const ptr = n ? (pointers[stage] ?? 0) % n : 0;
    for (let i = 0; i < n; i++) {
      const slot = (ptr + i) % n;
      const cls = o.pattern[slot]!;
      const h = classes.includes(cls) ? head(stage, cls) : undefined;
      if (h) return { truck: h, stage, rule: 'interleave', slot };
    }
    for (const cls of classes) {
      const h = head(stage, cls);
      if (h && (!oldest || h.score < oldest.score)) oldest = h;
    }
    return oldest ? { truck: oldest, stage, rule: 'interleave', slot: null } : null;
  };
  for (;;) {
    let lane: (typeof lanes)[number] | undefined;
    for (const l of lanes) if (Number.isFinite(l.freeAt) && (!lane || l.freeAt < lane.freeAt)) lane = l;
    if (!lane) break;
    const classes = lane.classes.length ? CLASS_ORDER.filter((c) => lane.classes.includes(c)) : CLASS_ORDER;
    let best: Pick | null = null;
    for (const stage of lane.capabilities) {
      const c = pick(stage, classes, lane.freeAt);
      if (c && (!best || (c.rule === 'aging' && best.rule !== 'aging') || (c.rule === best.rule && c.truck.score < best.truck.score))) best = c;
    }
    if (!best) {
      lane.freeAt = Number.POSITIVE_INFINITY; // nothing it can serve is waiting
      continue;
    }
    if (best.slot !== null && o.pattern.length) pointers[best.stage] = (best.slot + 1) % o.pattern.length;
    const key = `${best.stage}:${best.truck.priorityClass}`;
    heads.set(key, (heads.get(key) ?? 0) + 1);
    at.set(best.truck.tripId, lane.freeAt);
    if (best.truck.tripId === o.until) break;
    lane.freeAt += o.holdMs(best.stage);
  }
  return at;
}
