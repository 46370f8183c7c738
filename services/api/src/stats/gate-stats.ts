/**
 * Gate statistics computed from the event log (the persisted copy of the
 * gate's Redis Stream). Pure functions over events, so they can be tested
 * without a database and re-used by reports.
 */
import { kaplanMeierQuantile, type WaitObservation } from './kaplan-meier.ts';
import { gateHourStart, gateTime } from './gate-time.ts';
import {
  ZAgencySchema,
  type Agency,
  type GateEvent,
  type GateStats,
  type LaneOccupancy,
  type LaneStatus,
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

/** A lane's state when the window opens (its last event before it). */
export interface LaneAtStart {
  occupancy: LaneOccupancy;
  status: LaneStatus;
}
/** States counted as backlog: waiting in the yard, called, held or waiting to cross. */
export const WAITING_STATES: readonly TripState[] = ['queued', 'called', 'held', 'exit_queue'];
const HOUR = 3_600_000;

/**
 * Which agency a hold belongs to. Agency holds carry "<agency>: reason" (the
 * API writes them so); an inspection ending in `held` belongs to the stage's agency.
 */
export function holdAgency(event: GateEvent): Agency {
  const reason = event.type === 'hold_placed' ? event.detail.reason : '';
  const named = ZAgencySchema.safeParse(/^([a-z_]+):/.exec(reason)?.[1]);
  if (named.success) return named.data;
  const stage = event.type === 'stage_completed' ? event.detail.stage : event.trip?.stage;
  return stage === 'quarantine' ? 'quarantine' : 'customs';
}

/**
 * Computes stats of one gate over a window.
 *
 * - trucks per hour: `trip_crossed` events by direction, per clock hour of the gate (gate-time.ts);
 *   every time is written with the gate's offset (+07:00)
 * - waits: queued → called, per priority class (the trip's `queuedAt` on its call-up): `waitMs`
 *   over completed waits only, and `waitIncludingWaitingMs`, a Kaplan–Meier estimate in which the
 *   trucks still queued at `to` count as censored (they have waited at least `to − queuedAt`)
 * - lane utilisation: time with a truck at the lane or under inspection / time the lane was open
 *   (status `open`, or still serving a truck after a pause or close), not the window's length:
 *   a lane open two hours and busy for all of them is 100 % used, whatever the clock says
 * - holds: from the placement's `hold` flag turning on until it turns off (or the trip leaves)
 * - backlog over time: trucks in a waiting state at `from`, at every hour boundary, and at `to`
 *
 * @param events events with `at` in [from, to), ascending by seq
 * @param laneStart each lane's occupancy at `from` (its last event before the window)
 * @param backlog trucks waiting now (from the scheduler's snapshot)
 * @param waitingAtStart trips in a waiting state when the window opens (their last event before `from`)
 * @example
 * const stats = computeGateStats('KT', events, { from, to }, new Map([['KT-X1', { occupancy: 'idle', status: 'open' }]]), 12);
 * stats.waitMs.perishable?.p90;
 */
export function computeGateStats(
  gate: string,
  events: readonly GateEvent[],
  window: StatsWindow,
  laneStart: ReadonlyMap<string, LaneAtStart>,
  backlog: number,
  waitingAtStart: ReadonlySet<string> = new Set(),
): GateStats {
  const hours = new Map<number, { exit: number; entry: number }>();
  const queuedAt = new Map<string, { at: number; cls: PriorityClass }>();
  const waits = new Map<PriorityClass, number[]>();
  const holdStart = new Map<string, { at: number; agency: Agency }>();
  const holds = new Map<Agency, number[]>();
  const lanes = new Map<string, { state: LaneAtStart; since: number; busyMs: number; openMs: number }>();
  // Time since the lane's last change counts as busy / open by the state it was in.
  const settle = (lane: { state: LaneAtStart; since: number; busyMs: number; openMs: number }, at: number) => {
    const dt = Math.max(0, at - lane.since);
    const busy = BUSY.includes(lane.state.occupancy);
    if (busy) lane.busyMs += dt;
    if (busy || lane.state.status === 'open') lane.openMs += dt;
    lane.since = at;
  };
  const waiting = new Set(waitingAtStart);
  const backlogSeries: GateStats['backlogSeries'] = [];
  let nextSample = window.from;
  // A sample at t counts every event at or before t (the state at the end of that instant).
  const sampleUntil = (t: number) => {
    while (nextSample < t && nextSample < window.to) {
      backlogSeries.push({ at: gateTime(nextSample), trucks: waiting.size });
      nextSample = gateHourStart(nextSample) + HOUR;
    }
  };

  for (const [laneId, state] of laneStart) lanes.set(laneId, { state, since: window.from, busyMs: 0, openMs: 0 });

  for (const e of events) {
    const trip = e.trip;
    sampleUntil(e.at);
    if (trip) {
      if (WAITING_STATES.includes(trip.state)) waiting.add(trip.id);
      else waiting.delete(trip.id);
      if (e.type === 'trip_crossed') {
        const hour = gateHourStart(e.at);
        const bucket = hours.get(hour) ?? { exit: 0, entry: 0 };
        bucket[trip.direction] += 1;
        hours.set(hour, bucket);
      }
      if (trip.state === 'queued' && !queuedAt.has(trip.id)) queuedAt.set(trip.id, { at: trip.queuedAt ?? e.at, cls: trip.priorityClass });
      if (e.type === 'trip_called') {
        const start = queuedAt.get(trip.id)?.at ?? trip.queuedAt ?? null;
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
      const lane = lanes.get(e.lane.id);
      if (lane) settle(lane, e.at);
      // A lane first seen inside the window is counted from its first event.
      const next = { occupancy: e.lane.occupancy, status: e.lane.status };
      if (lane) lane.state = next;
      else lanes.set(e.lane.id, { state: next, since: e.at, busyMs: 0, openMs: 0 });
    }
  }
  sampleUntil(window.to);
  backlogSeries.push({ at: gateTime(window.to), trucks: waiting.size });
  // Holds still on at the end of the window count up to `to`.
  for (const h of holdStart.values()) {
    const list = holds.get(h.agency) ?? [];
    list.push(window.to - h.at);
    holds.set(h.agency, list);
  }
  for (const lane of lanes.values()) settle(lane, window.to);
  // Trucks still queued at `to`: censored waits of their class.
  const observed = new Map<PriorityClass, WaitObservation[]>();
  for (const [cls, list] of waits) observed.set(cls, list.map((ms) => ({ ms, done: true })));
  for (const q of queuedAt.values()) {
    const list = observed.get(q.cls) ?? [];
    list.push({ ms: Math.max(0, window.to - q.at), done: false });
    observed.set(q.cls, list);
  }
  return {
    gate,
    from: gateTime(window.from),
    to: gateTime(window.to),
    trucksPerHour: [...hours.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([hour, c]) => ({ hour: gateTime(hour), ...c })),
    waitMs: Object.fromEntries([...waits.entries()].map(([cls, v]) => [cls, percentiles(v)])),
    waitIncludingWaitingMs: Object.fromEntries(
      [...observed.entries()].map(([cls, v]) => [
        cls,
        {
          p50: kaplanMeierQuantile(v, 0.5),
          p90: kaplanMeierQuantile(v, 0.9),
          completed: v.filter((o) => o.done).length,
          waiting: v.filter((o) => !o.done).length,
          longestWaitingMs: Math.max(0, ...v.filter((o) => !o.done).map((o) => o.ms)),
        },
      ]),
    ),
    laneUtilisation: [...lanes.entries()]
      .map(([laneId, l]) => ({
        laneId,
        busyRatio: l.openMs > 0 ? Math.min(1, Math.round((l.busyMs / l.openMs) * 1000) / 1000) : 0,
        busyMs: l.busyMs,
        openMs: l.openMs,
      }))
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
