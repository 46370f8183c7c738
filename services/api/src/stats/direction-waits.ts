/**
 * The public wait estimate of one gate, per direction, from the scheduler's
 * live snapshot and the waits of recent call-ups. Pure, so the rule can be
 * tested (and read) without Redis or a database.
 */
import {
  ZDirectionSchema,
  ZPriorityClassSchema,
  type ClassWait,
  type OperationalStatus,
  type PriorityClass,
  type Direction,
  type GateEvent,
  type Percentiles,
  type PublicDirectionWait,
  type WaitBasis,
} from '@borderflow/contracts';
import type { GateSnapshot } from '@borderflow/scheduler';
import { percentile } from './gate-stats.ts';

export interface DirectionWaitsInput {
  snapshot: GateSnapshot;
  /** Trucks/hour the far side accepts per direction (0 = no cap). */
  caps: Record<Direction, number>;
  /** `trip_called` events of the history window. */
  recentCalls: readonly GateEvent[];
  now: number;
  /** The time of the gate's last event: what `updatedAt` says (`now` when none). */
  measuredAt?: number;
}

const MIN = 60_000;
const minutes = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / MIN));

/** Open when every lane is, closed when none is, restricted in between. */
export function operationalStatus(open: number, total: number): OperationalStatus {
  return open === 0 ? 'closed' : open === total ? 'open' : 'restricted';
}

/** The wait a call-up recorded: the scheduler's own figure, else from the trip's queue clock. */
export function callWaitMs(event: GateEvent): number | null {
  if (event.reason) return Math.max(0, event.reason.waitMs);
  const queuedAt = event.trip?.queuedAt;
  return queuedAt !== null && queuedAt !== undefined ? Math.max(0, event.at - queuedAt) : null;
}

/**
 * The estimate a driver arriving now should expect:
 * - live: the ETA band of the last truck in line in this direction (a truck
 *   arriving now joins behind it); 0 when nobody waits; unknown (null) when no
 *   lane of the direction is open, since nobody will be called;
 * - history: p50/p90 of the waits of trucks called in the window;
 * - p50 = live when known, else history; p90 = the larger of both, since the
 *   live band is a model and history shows how far reality strays from it.
 *
 * - per class (the headline): a truck arriving now joins behind its class, so its wait is the ETA
 *   band of the last truck of its class in line (not the last truck of the slowest queue); when
 *   none of its class waits, the next call of the line (0 when nobody waits and a lane is open);
 *   the class's recent call-ups when no lane is open.
 *
 * @example
 * const waits = directionWaits({ snapshot, caps: { exit: 60, entry: 0 }, recentCalls, now: Date.now() });
 * waits.find((w) => w.direction === 'exit')?.waitMs.p50;
 */
export function directionWaits(input: DirectionWaitsInput): PublicDirectionWait[] {
  const { snapshot, caps, recentCalls, now } = input;
  const measuredAt = new Date(input.measuredAt ?? now).toISOString();
  const queued = Object.values(snapshot.queues).flatMap((entries) => entries ?? []);
  return ZDirectionSchema.options.map((direction): PublicDirectionWait => {
    const lanes = snapshot.lanes.filter((l) => l.direction === direction);
    const lanesOpen = lanes.filter((l) => l.status === 'open').length;
    const line = queued.filter((q) => q.trip.direction === direction);

    let live: Percentiles | null = null;
    if (lanesOpen > 0) {
      live = line.length === 0
        ? { p50: 0, p90: 0 }
        : { p50: Math.max(...line.map((q) => q.eta.expectedMs)), p90: Math.max(...line.map((q) => q.eta.highMs)) };
    }
    const history = recentCalls
      .filter((e) => e.trip?.direction === direction)
      .map(callWaitMs)
      .filter((w): w is number => w !== null)
      .sort((a, b) => a - b);
    const recent = { p50: percentile(history, 50), p90: percentile(history, 90), count: history.length };

    const classWait = (cls: PriorityClass): ClassWait => {
      if (lanesOpen > 0) {
        const etas = line.filter((q) => q.trip.priorityClass === cls).map((q) => q.eta);
        if (line.length === 0) return { expectedMin: 0, lowMin: 0, highMin: 0, basis: 'live' };
        // None of its class waits: it takes the next call-up its class is given, no sooner than
        // the next call of the line (the earliest ETA waiting).
        const last = etas.length > 0
          ? etas.reduce((a, e) => (e.expectedMs > a.expectedMs ? e : a))
          : line.map((q) => q.eta).reduce((a, e) => (e.expectedMs < a.expectedMs ? e : a));
        return { expectedMin: minutes(last.expectedMs), lowMin: minutes(last.lowMs), highMin: minutes(last.highMs), basis: 'live' };
      }
      const waits = recentCalls
        .filter((e) => e.trip?.direction === direction && e.trip.priorityClass === cls)
        .map(callWaitMs)
        .filter((w): w is number => w !== null)
        .sort((a, b) => a - b);
      if (waits.length === 0) return { expectedMin: null, lowMin: null, highMin: null, basis: 'none' };
      return { expectedMin: minutes(percentile(waits, 50)), lowMin: minutes(percentile(waits, 10)), highMin: minutes(percentile(waits, 90)), basis: 'history' };
    };
    const byClass = Object.fromEntries(ZPriorityClassSchema.options.map((cls) => [cls, classWait(cls)])) as Record<PriorityClass, ClassWait>;
    const headline = byClass.ordinary;
    const basis: WaitBasis = live && recent.count > 0 ? 'live_and_history' : live ? 'live' : recent.count > 0 ? 'history' : 'none';
    return {
      direction,
      operationalStatus: operationalStatus(lanesOpen, lanes.length),
      waitMinByClass: byClass,
      queueLength: line.length,
      called: lanes.filter((l) => l.occupancy === 'called').length,
      held: snapshot.held.filter((t) => t.direction === direction).length,
      exitQueueLength: snapshot.exitQueue.filter((t) => t.direction === direction).length,
      waitMs: {
        p50: headline.expectedMin === null ? null : headline.expectedMin * MIN,
        p90: headline.highMin === null ? null : headline.highMin * MIN,
      },
      basis,
      liveWaitMs: live,
      recentWaitMs: recent,
      lanesOpen,
      lanesTotal: lanes.length,
      downstreamCapPerHour: caps[direction] > 0 ? caps[direction] : null,
      updatedAt: measuredAt,
    };
  });
}
