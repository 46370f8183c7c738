/**
 * Gate statistics computed from the event log (the persisted copy of the
 * gate's Redis Stream). Pure functions over events, so they can be tested
 * without a database and re-used by reports.
 */
import {
  ZAgencySchema,
  type Agency,
  type GateEvent,
  type GateStats,
  type LaneOccupancy,
  type PriorityClass,
  type TripState,
} from '@borderflow/contracts';

export interface StatsWindow {
  from: number;
  to: number;
}

/** Nearest-rank percentile of ascending values; null without samples. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

function percentiles(values: readonly number[]): { p50: number | null; p90: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

const BUSY: readonly LaneOccupancy[] = ['at_lane', 'inspecting'];
/** States counted as backlog: waiting in the yard, called, held or waiting to cross. */
export const WAITING_STATES: readonly TripState[] = ['queued', 'called', 'held', 'exit_queue'];
const HOUR = 3_600_000;

/**
 * Which agency a hold belongs to. Agency holds carry "<agency>: reason" (the
 * API writes them so); an inspection ending in `held` belongs to the stage's agency.
 */
export function holdAgency(event: GateEvent): Agency {
  const reason = typeof event.detail.reason === 'string' ? event.detail.reason : '';
  const named = ZAgencySchema.safeParse(/^([a-z_]+):/.exec(reason)?.[1]);
  if (named.success) return named.data;
  return event.detail.stage === 'quarantine' ? 'quarantine' : 'customs';
}

/**
 * Computes stats of one gate over a window.
 *
 * - trucks per hour: `trip_crossed` events by direction, per clock hour (UTC)
 * - waits: queued → called, per priority class (the trip's `queuedAt` on its call-up)
 * - lane utilisation: time with a truck at the lane or under inspection / window length
 * - holds: from the placement's `hold` flag turning on until it turns off (or the trip leaves)
 * - backlog over time: trucks in a waiting state at `from`, at every hour boundary, and at `to`
 *
 * @param events events with `at` in [from, to), ascending by seq
 * @param laneStart each lane's occupancy at `from` (its last event before the window)
 * @param backlog trucks waiting now (from the scheduler's snapshot)
 * @param waitingAtStart trips in a waiting state when the window opens (their last event before `from`)
 * @example
 * const stats = computeGateStats('KT', events, { from, to }, new Map([['KT-X1', 'idle']]), 12);
 * stats.waitMs.perishable?.p90;
 */
export function computeGateStats(
  gate: string,
  events: readonly GateEvent[],
  window: StatsWindow,
  laneStart: ReadonlyMap<string, LaneOccupancy>,
  backlog: number,
  waitingAtStart: ReadonlySet<string> = new Set(),
): GateStats {
  const hours = new Map<number, { exit: number; entry: number }>();
  const queuedAt = new Map<string, number>();
  const waits = new Map<PriorityClass, number[]>();
  const holdStart = new Map<string, { at: number; agency: Agency }>();
  const holds = new Map<Agency, number[]>();
  const busySince = new Map<string, number | null>();
  const busyMs = new Map<string, number>();
  const waiting = new Set(waitingAtStart);
  const backlogSeries: GateStats['backlogSeries'] = [];
  let nextSample = window.from;
  // A sample at t counts every event at or before t (the state at the end of that instant).
  const sampleUntil = (t: number) => {
    while (nextSample < t && nextSample < window.to) {
      backlogSeries.push({ at: new Date(nextSample).toISOString(), trucks: waiting.size });
      nextSample = Math.floor(nextSample / HOUR) * HOUR + HOUR;
    }
  };

  for (const [laneId, occ] of laneStart) {
    busySince.set(laneId, BUSY.includes(occ) ? window.from : null);
    busyMs.set(laneId, 0);
  }

  for (const e of events) {
    const trip = e.trip;
    sampleUntil(e.at);
    if (trip) {
      if (WAITING_STATES.includes(trip.state)) waiting.add(trip.id);
      else waiting.delete(trip.id);
      if (e.type === 'trip_crossed') {
        const hour = Math.floor(e.at / HOUR) * HOUR;
        const bucket = hours.get(hour) ?? { exit: 0, entry: 0 };
        bucket[trip.direction] += 1;
        hours.set(hour, bucket);
      }
      if (trip.state === 'queued' && !queuedAt.has(trip.id)) queuedAt.set(trip.id, trip.queuedAt ?? e.at);
      if (e.type === 'trip_called') {
        const start = queuedAt.get(trip.id) ?? trip.queuedAt ?? null;
        const wait = start !== null ? e.at - start : e.reason?.waitMs;
        if (wait !== undefined) {
          const list = waits.get(trip.priorityClass) ?? [];
          list.push(Math.max(0, wait));
          waits.set(trip.priorityClass, list);
        }
      }
      if (trip.state !== 'queued') queuedAt.delete(trip.id);

      const onHold = trip.hold === true || trip.state === 'held';
      const ended = ['crossed', 'turned_back', 'cancelled', 'no_show'].includes(trip.state);
      if (onHold && !ended && !holdStart.has(trip.id)) {
        holdStart.set(trip.id, { at: e.at, agency: holdAgency(e) });
      } else if ((!onHold || ended) && holdStart.has(trip.id)) {
        const h = holdStart.get(trip.id)!;
        const list = holds.get(h.agency) ?? [];
        list.push(e.at - h.at);
        holds.set(h.agency, list);
        holdStart.delete(trip.id);
      }
    }
    if (e.lane) {
      const busyNow = BUSY.includes(e.lane.occupancy);
      const since = busySince.get(e.lane.id) ?? null;
      if (!busyMs.has(e.lane.id)) busyMs.set(e.lane.id, 0);
      if (busyNow && since === null) busySince.set(e.lane.id, e.at);
      if (!busyNow && since !== null) {
        busyMs.set(e.lane.id, (busyMs.get(e.lane.id) ?? 0) + (e.at - since));
        busySince.set(e.lane.id, null);
      }
    }
  }
  sampleUntil(window.to);
  backlogSeries.push({ at: new Date(window.to).toISOString(), trucks: waiting.size });
  // Holds still on at the end of the window count up to `to`.
  for (const h of holdStart.values()) {
    const list = holds.get(h.agency) ?? [];
    list.push(window.to - h.at);
    holds.set(h.agency, list);
  }
  const span = Math.max(1, window.to - window.from);
  return {
    gate,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    trucksPerHour: [...hours.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([hour, c]) => ({ hour: new Date(hour).toISOString(), ...c })),
    waitMs: Object.fromEntries([...waits.entries()].map(([cls, v]) => [cls, percentiles(v)])),
    laneUtilisation: [...busyMs.entries()]
      .map(([laneId, ms]) => {
        const since = busySince.get(laneId);
        const total = ms + (since !== null && since !== undefined ? window.to - since : 0);
        return { laneId, busyRatio: Math.min(1, Math.round((total / span) * 1000) / 1000) };
      })
      .sort((a, b) => a.laneId.localeCompare(b.laneId)),
    backlog,
    backlogSeries,
    holdsMs: Object.fromEntries(
      [...holds.entries()].map(([agency, v]) => [
        agency,
        { ...percentiles(v), count: v.length, totalMs: v.reduce((a, b) => a + b, 0) },
      ]),
    ),
  };
}
