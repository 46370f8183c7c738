/**
 * The ETA of a waiting truck from the rate at which its queue is really called.
 *
 * Dividing "position × mean inspection time" by the lanes able to serve a stage
 * promised about a fifth of the real wait in simulation: those lanes also serve
 * other stages, a lane is held from the call-up (the drive from the yard) and not
 * only while inspecting, and trucks of other classes that arrive later are
 * interleaved ahead. The call-up path (includes/assignment.lua `recordCallGap`)
 * therefore keeps, per (direction, stage, class), a moving average of the interval
 * between call-ups while that queue was never empty: every one of those effects is
 * in it. A truck that is k-th of its class in the projected call order is called
 * after about k such intervals (the interval already elapsed since the last call
 * counts towards the first); that is averaged with the recent waits of trucks called
 * from the same queue. With too few intervals yet, the lanes' cycle time (service and
 * drive) is used; while no lane that serves the truck is open, the ETA starts when one reopens.
 */
import type { Direction, PriorityClass, Stage } from '@borderflow/contracts';
import { etaFor, type ServiceEstimate } from './service-time.ts';

export interface CallGap {
  /** Mean interval between call-ups of a queue that was never empty, ms. */
  meanMs: number;
  sdMs: number;
  samples: number;
  /** Last call-up of that queue (ms epoch), null if none yet. */
  lastAt: number | null;
  /** Moving average of the waits of trucks lately called from this queue, ms (null: none yet). */
  recentWaitMs: number | null;
  /** Moving average of (wait ÷ place in the class's line on joining it) of those trucks, ms. */
  perPlaceMs: number | null;
}

export interface Eta { expectedMs: number; lowMs: number; highMs: number }

/** Intervals measured before the moving average is trusted over the service-time estimate. */
export const MIN_GAP_SAMPLES = 3;

/**
 * The call-up interval of one queue from the gate's svc hash ("cg:<dir>:<stage>:<class>:…" fields).
 * @example callGap(svc, 'exit', 'documents', 'ordinary') // { meanMs: 410_000, sdMs: 190_000, samples: 57, lastAt: … }
 */
export function callGap(hash: Record<string, string>, direction: Direction, stage: Stage, cls: PriorityClass): CallGap {
  const f = `cg:${direction}:${stage}:${cls}:`;
  const mean = Number(hash[`${f}mean`]);
  const samples = Number(hash[`${f}n`] ?? 0);
  const last = hash[`${f}last`];
  return {
    meanMs: Number.isFinite(mean) ? mean : 0,
    sdMs: Math.sqrt(Math.max(Number(hash[`${f}var`] ?? 0), 0)),
    samples: Number.isFinite(mean) ? samples : 0,
    lastAt: last ? Number(last) : null,
    recentWaitMs: hash[`${f}wait`] ? Number(hash[`${f}wait`]) : null,
    perPlaceMs: hash[`${f}place`] ? Number(hash[`${f}place`]) : null,
  };
}

/** The lanes able to serve one waiting truck, as its ETA needs them. */
export interface ServingLanes {
  /** Open now. */
  open: number;
  /** None open: ms until the first of them reopens (null = nobody said when). */
  opensInMs: number | null;
  /** None open: how many reopen at that time. */
  reopening: number;
}

export interface QueueEtaInput {
  /** 1-based place among the waiting trucks of its class, in the projected call order. */
  classPosition: number;
  /** 1-based place in the projected call order of the whole stage queue. */
  position: number;
  gap: CallGap;
  /** When the lane projection (lane-projection.ts) has it called, ms from now (null: never, with the trucks waiting now). */
  projectedMs?: number | null;
  lanes: ServingLanes;
  /** The stage's service time plus the drive from the yard (a lane is held from the call-up). */
  cycle: ServiceEstimate;
  now: number;
}

/**
 * ETA of a waiting truck (ms from `now`) with an 80 % range.
 * @example queueEta({ classPosition: 3, position: 4, gap, lanes: { open: 2, opensInMs: null, reopening: 0 }, cycle, now: Date.now() })
 */
export function queueEta(o: QueueEtaInput): Eta {
  const { gap, classPosition: k, lanes } = o;
  const pm = process.env.PROJ ?? 'on';
  if (pm !== 'off' && o.projectedMs !== undefined && o.projectedMs !== null) {
    const e = o.projectedMs * Number(process.env.PROJ_F ?? 1);
    return { expectedMs: Math.round(e), lowMs: Math.round(e * 0.7), highMs: Math.round(e * 1.4) };
  }
  if (lanes.open === 0) {
    // No call comes from a closed lane: the queue starts moving when a lane reopens, then in call
    // order at the lanes' full pace (at an opening only the waiting trucks compete for them).
    const after = etaFor(o.position, lanes.reopening, o.cycle);
    const start = lanes.opensInMs ?? 0;
    return { expectedMs: start + after.expectedMs, lowMs: start + after.lowMs, highMs: start + after.highMs };
  }
  if (gap.samples < MIN_GAP_SAMPLES || gap.meanMs <= 0) return etaFor(o.position, lanes.open, o.cycle);
  const elapsed = gap.lastAt === null ? 0 : Math.min(Math.max(0, o.now - gap.lastAt), gap.meanMs);
  const byRate = Math.max(k * gap.meanMs - elapsed, gap.meanMs / 2);
  // Blended with the recent waits of this queue (a smoothed "last to be called" estimate): the
  // rate alone lags a queue whose lanes are drifting to other stages; measured better in simulation.
  const mode = process.env.ETA_MODE ?? 'avg';
  const les = gap.recentWaitMs ?? byRate;
  const floor = etaFor(o.position, lanes.open, o.cycle).expectedMs;
  const pp = gap.perPlaceMs === null ? byRate : k * gap.perPlaceMs;
  const expectedMs = mode === 'place' ? pp : mode === 'placerate' ? (pp + byRate) / 2 : mode === 'placeavg' ? (pp + byRate + les) / 3 : mode === 'rate' ? byRate : mode === 'les' ? les : mode === 'avgfloor' ? Math.max(floor, (byRate + les) / 2)
    : mode === 'ratefloor' ? Math.max(floor, byRate) : mode === 'geo' ? Math.sqrt(byRate * les) : (byRate + les) / 2;
  const sd = Math.sqrt(k) * (gap.sdMs || gap.meanMs * 0.5);
  return {
    expectedMs: Math.round(expectedMs),
    lowMs: Math.round(Math.max(0, expectedMs - 1.28 * sd)),
    highMs: Math.round(expectedMs + 1.28 * sd),
  };
}
