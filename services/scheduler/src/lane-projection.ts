/**
 * When each waiting truck of one direction will be called, projected by replaying
 * the scheduler's own rule (pickNext) on the trucks waiting now: every lane of the
 * direction (open, or closed with a known reopening) frees after its current truck,
 * then takes the truck pickNext chooses among all the stages it serves, and is held
 * for the drive from the yard plus the stage's mean service time. A lane shared by several stages thus gives this queue only the time the
 * other queues leave it. Trucks that arrive later are not known; the caller's ETA
 * range absorbs them.
 */
import { PRIORITY_CLASSES, type PriorityClass, type Stage } from '@borderflow/contracts';
import { pickNext, pointerAfter, type PickedTruck, type PolicyQueue, type PriorityRule, type WaitingTruck } from './pick-next.ts';

const CLASS_ORDER = PRIORITY_CLASSES;
const CLASS_INDEX = Object.fromEntries(CLASS_ORDER.map((c, i) => [c, i])) as Record<PriorityClass, number>;

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
  /** The published policy's rule parameters (interleave, agingMs). */
  policy: PriorityRule;
  /** How long a call holds a lane, per stage (drive + mean service). */
  holdMs: (stage: Stage) => number;
  /** Stop once this trip is called (a single driver's status); all trips otherwise. */
  until?: string;
  /** Mean interval between arrivals per first queue (ms): trucks expected after `now`, behind those waiting. */
  arrivals?: Partial<Record<Stage, Partial<Record<PriorityClass, number>>>>;
  now?: number;
}

/** How far ahead, and how many per queue, expected arrivals are counted. */
export const EXPECTED_ARRIVALS_MS = 4 * 3_600_000;
export const EXPECTED_ARRIVALS_MAX = 60;

/**
 * @example
 * projectLaneCalls({ lanes, queues: { documents: { ordinary: [a, b] } }, pointers: {}, policy: DEFAULT_POLICY, holdMs })
 * // → Map { a → t1, b → t2 }
 */
export function projectLaneCalls(o: LaneProjectionInput): Map<string, number> {
  const at = new Map<string, number>();
  // Per (stage, class): the list and the index of its head, in flat arrays (this runs on every status read).
  const stages = Object.keys(o.queues) as Stage[];
  for (const st of Object.keys(o.arrivals ?? {}) as Stage[]) if (!stages.includes(st)) stages.push(st);
  const lists: WaitingTruck[][][] = stages.map((st) => CLASS_ORDER.map((c) => o.queues[st]?.[c] ?? []));
  // Expected arrivals, made one at a time when a queue's real trucks are used up.
  const now = o.now ?? 0;
  const intervals = stages.map((st) => CLASS_ORDER.map((c) => o.arrivals?.[st]?.[c] ?? 0));
  const expected: (WaitingTruck | null | undefined)[][] = stages.map(() => CLASS_ORDER.map(() => undefined));
  const at_ = (si: number, ci: number): WaitingTruck | undefined => {
    const list = lists[si]![ci]!;
    const i = heads[si]![ci]!;
    if (i < list.length) return list[i];
    const cached = expected[si]![ci];
    if (cached !== undefined) return cached ?? undefined;
    const k = i - list.length + 1;
    const gap = intervals[si]![ci]!;
    const t = gap > 0 && k <= EXPECTED_ARRIVALS_MAX && k * gap <= EXPECTED_ARRIVALS_MS
      ? { tripId: `~${stages[si]}:${CLASS_ORDER[ci]}:${k}`, score: now + k * gap, priorityClass: CLASS_ORDER[ci]!, arrivesAt: now + k * gap }
      : null;
    expected[si]![ci] = t;
    return t ?? undefined;
  };
  const heads: number[][] = stages.map(() => CLASS_ORDER.map(() => 0));
  const pointers = stages.map((st) => o.pointers[st] ?? 0);
  const stageIndex = new Map(stages.map((st, i) => [st, i]));
  let time = 0;
  let soonest = Number.POSITIVE_INFINITY; // the first expected arrival a lane found nothing before
  const head = (si: number, ci: number): WaitingTruck | undefined => {
    const h = at_(si, ci);
    if (h?.arrivesAt !== undefined && h.arrivesAt > time) {
      if (h.arrivesAt < soonest) soonest = h.arrivesAt;
      return undefined;
    }
    return h;
  };
  const lanes = o.lanes.map((l) => ({
    freeAt: l.freeAt,
    rule: { capabilities: l.capabilities.filter((st) => stageIndex.has(st)), classes: l.classes },
    stages: l.capabilities.map((st) => stages.indexOf(st)).filter((i) => i >= 0),
    classes: CLASS_ORDER.map((c, i) => (l.classes.length === 0 || l.classes.includes(c) ? i : -1)).filter((i) => i >= 0),
  }));
  // Expected arrivals only matter while they delay a truck that is waiting now and that a lane can serve.
  let waiting = 0;
  stages.forEach((_, si) => CLASS_ORDER.forEach((_c, ci) => {
    if (!lanes.some((l) => l.stages.includes(si) && l.classes.includes(ci))) return;
    waiting += lists[si]![ci]!.length;
  }));
  const queue: PolicyQueue = {
    head: (stage, cls) => head(stageIndex.get(stage)!, CLASS_INDEX[cls]),
    pointer: (stage) => pointers[stageIndex.get(stage)!]!,
  };
  while (waiting > 0) {
    let lane: (typeof lanes)[number] | undefined;
    for (const l of lanes) if (Number.isFinite(l.freeAt) && (!lane || l.freeAt < lane.freeAt)) lane = l;
    if (!lane) break;
    time = lane.freeAt;
    soonest = Number.POSITIVE_INFINITY;
    const best: PickedTruck | null = pickNext(queue, lane.rule, o.policy, lane.freeAt);
    if (!best) {
      lane.freeAt = soonest; // nothing it can serve is waiting: until an expected arrival, or never
      continue;
    }
    const si = stageIndex.get(best.stage)!;
    const ci = CLASS_INDEX[best.priorityClass];
    pointers[si] = pointerAfter(best, pointers[si]!, o.policy);
    heads[si]![ci]!++;
    expected[si]![ci] = undefined;
    at.set(best.truck.tripId, lane.freeAt);
    if (best.truck.tripId === o.until) break;
    if (best.truck.arrivesAt === undefined) waiting--;
    lane.freeAt += o.holdMs(best.stage);
  }
  return at;
}
