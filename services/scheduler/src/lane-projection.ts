/**
 * When each waiting truck of one direction will be called, projected by replaying
 * the scheduler's own rule (pickNext) on the trucks waiting now: every lane of the
 * direction (open, or closed with a known reopening) frees after its current truck,
 * then takes the truck pickNext chooses among all the stages it serves, and is held
 * for the drive from the yard plus the stage's mean service time. A lane shared by several stages thus gives this queue only the time the
 * other queues leave it.
 *
 * A truck's route goes on after the stage it waits for (documents, then X-ray, then the gate):
 * when the projection calls it, it comes back into its next stage's queue once that call's hold
 * is over, and so does the truck a lane holds now. Before, a called truck left the projection for
 * good and only the rate of trucks joining each queue stood for those that come back, spaced
 * evenly: the gate queue, which every truck ends in, was fed by a lagging average instead of the
 * trucks known to be on their way (issue 16, item 9: gate-only trucks were promised a call 10 %
 * too early at the median, and the last class, called only when no other waits, far too early).
 * Trucks that check in later are expected at the check-in rate of their first queue, and go on
 * to the gate (their further route is not known yet).
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
  /** The truck it holds now, whose route goes on to `next` when the lane frees. */
  current?: { tripId: string; priorityClass: PriorityClass; next: Stage[] };
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
  /** Mean interval between check-ins per first queue (ms): trucks expected after `now`, behind those waiting. */
  arrivals?: Partial<Record<Stage, Partial<Record<PriorityClass, number>>>>;
  /** The stages each waiting truck goes on to after the one it waits for (none = it leaves after it). */
  routes?: ReadonlyMap<string, readonly Stage[]>;
  now?: number;
}

/** How far ahead, and how many per queue, expected arrivals are counted. */
export const EXPECTED_ARRIVALS_MS = 4 * 3_600_000;
export const EXPECTED_ARRIVALS_MAX = 60;

/** The stage every route ends in: a truck expected to check in goes on to it after its first stage. */
const LAST_STAGE: Stage = 'gate';

/** A truck that will join a queue later: back from a stage it was called to, or not checked in yet. */
interface Coming extends WaitingTruck { arrivesAt: number; next: readonly Stage[] }

/**
 * @example
 * projectLaneCalls({ lanes, queues: { documents: { ordinary: [a, b] } }, pointers: {}, policy: DEFAULT_POLICY, holdMs })
 * // → Map { a → t1, b → t2 }
 */
export function projectLaneCalls(o: LaneProjectionInput): Map<string, number> {
  const at = new Map<string, number>();
  const now = o.now ?? 0;
  const stages = Object.keys(o.queues) as Stage[];
  const addStage = (st: Stage) => { if (!stages.includes(st)) stages.push(st); };
  for (const st of Object.keys(o.arrivals ?? {}) as Stage[]) addStage(st);
  for (const route of o.routes?.values() ?? []) route.forEach(addStage);
  for (const l of o.lanes) l.current?.next.forEach(addStage);
  if (o.arrivals && Object.keys(o.arrivals).some((st) => st !== LAST_STAGE)) addStage(LAST_STAGE);
  const stageIndex = new Map(stages.map((st, i) => [st, i]));
  // Per (stage, class): the list waiting now and the index of its head, in flat arrays (this runs on every status read).
  const lists: WaitingTruck[][][] = stages.map((st) => CLASS_ORDER.map((c) => o.queues[st]?.[c] ?? []));
  const heads: number[][] = stages.map(() => CLASS_ORDER.map(() => 0));
  // Trucks coming back from a call, per (stage, class), in the order they come (kept sorted).
  const back: Coming[][][] = stages.map(() => CLASS_ORDER.map(() => []));
  const backHeads: number[][] = stages.map(() => CLASS_ORDER.map(() => 0));
  // Expected check-ins, made one at a time when the one before is called.
  const intervals = stages.map((st) => CLASS_ORDER.map((c) => o.arrivals?.[st]?.[c] ?? 0));
  const made: number[][] = stages.map(() => CLASS_ORDER.map(() => 0));
  const expected: (Coming | null | undefined)[][] = stages.map(() => CLASS_ORDER.map(() => undefined));
  const nextExpected = (si: number, ci: number): Coming | null => {
    let e = expected[si]![ci];
    if (e !== undefined) return e;
    const k = made[si]![ci]! + 1;
    const gap = intervals[si]![ci]!;
    const stage = stages[si]!;
    e = gap > 0 && k <= EXPECTED_ARRIVALS_MAX && k * gap <= EXPECTED_ARRIVALS_MS
      ? { tripId: `~${stage}:${CLASS_ORDER[ci]}:${k}`, score: now + k * gap, priorityClass: CLASS_ORDER[ci]!, arrivesAt: now + k * gap, next: stage === LAST_STAGE ? [] : [LAST_STAGE] }
      : null;
    expected[si]![ci] = e;
    return e;
  };
  /** The next truck of a queue: one waiting now, else the first to come (back or checking in). */
  const at_ = (si: number, ci: number): WaitingTruck | undefined => {
    const list = lists[si]![ci]!;
    const i = heads[si]![ci]!;
    if (i < list.length) return list[i];
    const b = back[si]![ci]![backHeads[si]![ci]!];
    const e = nextExpected(si, ci);
    if (b && (!e || b.arrivesAt <= e.arrivesAt)) return b;
    return e ?? undefined;
  };
  const taken = (si: number, ci: number, truck: WaitingTruck) => {
    if (heads[si]![ci]! < lists[si]![ci]!.length) heads[si]![ci]!++;
    else if (truck === back[si]![ci]![backHeads[si]![ci]!]) backHeads[si]![ci]!++;
    else { made[si]![ci]!++; expected[si]![ci] = undefined; }
  };
  /** A truck whose route goes on: into its next stage's queue when `when` comes (scored then, as advance does). */
  const comesBack = (tripId: string, cls: PriorityClass, next: readonly Stage[], when: number) => {
    const [stage, ...rest] = next;
    const si = stage === undefined ? undefined : stageIndex.get(stage);
    if (si === undefined || !Number.isFinite(when)) return;
    const ci = CLASS_INDEX[cls];
    const q = back[si]![ci]!;
    const c: Coming = { tripId: `~${tripId}>${stage}`, score: when, priorityClass: cls, arrivesAt: when, next: rest };
    let j = q.length;
    while (j > backHeads[si]![ci]! && q[j - 1]!.arrivesAt > when) j--;
    q.splice(j, 0, c);
  };
  const pointers = stages.map((st) => o.pointers[st] ?? 0);
  let time = 0;
  let soonest = Number.POSITIVE_INFINITY; // the first coming truck a lane found nothing before
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
  for (const l of o.lanes) if (l.current) comesBack(l.current.tripId, l.current.priorityClass, l.current.next, l.freeAt);
  // Coming trucks only matter while they delay a truck that is waiting now and that a lane can serve.
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
      lane.freeAt = soonest; // nothing it can serve is waiting: until a truck comes, or never
      continue;
    }
    const si = stageIndex.get(best.stage)!;
    const ci = CLASS_INDEX[best.priorityClass];
    pointers[si] = pointerAfter(best, pointers[si]!, o.policy);
    taken(si, ci, best.truck);
    const coming = best.truck.arrivesAt !== undefined;
    if (!coming) at.set(best.truck.tripId, lane.freeAt);
    if (best.truck.tripId === o.until) break;
    if (!coming) waiting--;
    lane.freeAt += o.holdMs(best.stage);
    const next = coming ? (best.truck as Coming).next : o.routes?.get(best.truck.tripId) ?? [];
    comesBack(coming ? best.truck.tripId.replace(/^~/, '') : best.truck.tripId, best.priorityClass, next, lane.freeAt);
  }
  return at;
}
