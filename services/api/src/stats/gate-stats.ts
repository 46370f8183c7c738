/**
 * Gate statistics computed from the event log (the persisted copy of the
 * gate's Redis Stream). Pure functions over events so they can be tested
 * without a database and re-used by reports.
 */
import type { Direction, GateEvent, LaneOccupancy, PriorityClass } from '@borderflow/contracts';

export interface StatsWindow {
  from: number;
  to: number;
}

export interface Distribution {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

export interface GateStats {
  gate: string;
  from: string;
  to: string;
  crossed: Record<Direction, number> & { total: number };
  /** Crossings per clock hour (UTC hour start), by direction. */
  trucksPerHour: Array<{ hour: string } & Record<Direction, number>>;
  /** Time from entering a stage queue to being called, per priority class. */
  waits: Record<PriorityClass, Distribution>;
  /** Share of the window each lane spent with a truck at it or under inspection. */
  laneUtilisation: Array<{ laneId: string; busyMs: number; utilisation: number }>;
  /** Agency/inspection holds that ended in the window, plus the ones still open at `to`. */
  holds: Distribution & { active: number; byAgency: Record<string, Distribution> };
  backlog: { total: number; byStage: Record<string, number>; held: number; exitQueue: number };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    maxMs: sorted.length ? (sorted[sorted.length - 1] ?? null) : null,
  };
}

const BUSY: readonly LaneOccupancy[] = ['at_lane', 'inspecting'];
const CLASSES: readonly PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'empty_return'];

/**
 * Computes stats of one gate over a window.
 *
 * @param events events with `at` in [from, to], ascending by seq
 * @param laneStart each lane's occupancy at `from` (from its last event before the window)
 * @example
 * const stats = computeGateStats('KT', events, { from, to }, laneStart, backlog);
 * stats.waits.perishable.p90Ms;
 */
export function computeGateStats(
  gate: string,
  events: readonly GateEvent[],
  window: StatsWindow,
  laneStart: ReadonlyMap<string, LaneOccupancy>,
  backlog: GateStats['backlog'],
): GateStats {
  const crossed = { exit: 0, entry: 0, total: 0 };
  const hours = new Map<number, Record<Direction, number>>();
  const queuedAt = new Map<string, number>();
  const waits = new Map<PriorityClass, number[]>(CLASSES.map((c) => [c, []]));
  const heldAt = new Map<string, { at: number; agency: string }>();
  const holds: Array<{ ms: number; agency: string }> = [];
  const laneBusySince = new Map<string, number | null>();
  const laneBusyMs = new Map<string, number>();

  for (const [laneId, occ] of laneStart) {
    laneBusySince.set(laneId, BUSY.includes(occ) ? window.from : null);
    laneBusyMs.set(laneId, 0);
  }

  for (const e of events) {
    const trip = e.trip;
    if (e.type === 'trip_crossed' && trip) {
      crossed[trip.direction] += 1;
      crossed.total += 1;
      const hour = Math.floor(e.at / 3_600_000) * 3_600_000;
      const bucket = hours.get(hour) ?? { exit: 0, entry: 0 };
      bucket[trip.direction] += 1;
      hours.set(hour, bucket);
    }
    if (trip) {
      // Post-state driven: whatever event put the trip in a queue starts its wait.
      if (trip.state === 'queued' && !queuedAt.has(trip.id)) queuedAt.set(trip.id, e.at);
      if (e.type === 'trip_called') {
        const start = queuedAt.get(trip.id);
        // A trip queued before the window: the scheduler's own wait figure is the best we have.
        const wait = start !== undefined ? e.at - start : e.reason?.waitMs;
        if (wait !== undefined) waits.get(trip.priorityClass)?.push(Math.max(0, wait));
        queuedAt.delete(trip.id);
      } else if (trip.state !== 'queued') {
        queuedAt.delete(trip.id);
      }
      if (e.type === 'trip_held') {
        const agency = typeof e.detail.agency === 'string' ? e.detail.agency : 'inspection';
        heldAt.set(trip.id, { at: e.at, agency });
      } else if (e.type === 'hold_released' || (trip.state !== 'held' && heldAt.has(trip.id))) {
        const h = heldAt.get(trip.id);
        if (h) holds.push({ ms: e.at - h.at, agency: h.agency });
        heldAt.delete(trip.id);
      }
    }
    if (e.lane) {
      const busyNow = BUSY.includes(e.lane.occupancy);
      const since = laneBusySince.get(e.lane.id) ?? null;
      if (!laneBusyMs.has(e.lane.id)) laneBusyMs.set(e.lane.id, 0);
      if (busyNow && since === null) laneBusySince.set(e.lane.id, e.at);
      if (!busyNow && since !== null) {
        laneBusyMs.set(e.lane.id, (laneBusyMs.get(e.lane.id) ?? 0) + (e.at - since));
        laneBusySince.set(e.lane.id, null);
      }
    }
  }
  const span = Math.max(1, window.to - window.from);
  const laneUtilisation = [...laneBusyMs.entries()]
    .map(([laneId, ms]) => {
      const since = laneBusySince.get(laneId);
      const busyMs = ms + (since !== null && since !== undefined ? window.to - since : 0);
      return { laneId, busyMs, utilisation: Math.round((busyMs / span) * 1000) / 1000 };
    })
    .sort((a, b) => a.laneId.localeCompare(b.laneId));

  const byAgency: Record<string, number[]> = {};
  for (const h of holds) (byAgency[h.agency] ??= []).push(h.ms);
  return {
    gate,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    crossed,
    trucksPerHour: [...hours.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([hour, c]) => ({ hour: new Date(hour).toISOString(), ...c })),
    waits: Object.fromEntries(CLASSES.map((c) => [c, distribution(waits.get(c) ?? [])])) as Record<
      PriorityClass,
      Distribution
    >,
    laneUtilisation,
    holds: {
      ...distribution(holds.map((h) => h.ms)),
      active: heldAt.size,
      byAgency: Object.fromEntries(Object.entries(byAgency).map(([a, v]) => [a, distribution(v)])),
    },
    backlog,
  };
}
