/**
 * What the province's data platform gets, computed from the gate's event log. Pure functions, shared by
 * the pull API, the push and the daily open-data dump, so all three publish exactly the same thing.
 *
 * An event of the log becomes a province event by keeping only: its type, time, gate, the trip's direction,
 * class, state, stage and lane, and pseudonyms (pseudonym.ts). Everything else (actor = a user id, command
 * ids, hold reasons in free text, the plate, call-up reasons) stays here.
 */
import {
  PROVINCE_LICENCE,
  PROVINCE_TIME_ZONE,
  ZDirectionSchema,
  ZPriorityClassSchema,
  type Direction,
  type GateEvent,
  type PriorityClass,
  type ProvinceHourlyRow,
  type ProvinceHourlyStats,
  type ProvinceTripEvent,
} from '@borderflow/contracts';
import { percentile, WAITING_STATES } from '../stats/gate-stats.ts';
import { callWaitMs } from '../stats/direction-waits.ts';
import { gateHourStart, gateTime } from '../stats/gate-time.ts';
import { tripRef, vehicleRef } from './pseudonym.ts';

const HOUR = 3_600_000;

/**
 * The anonymised form of a gate event; null for events about no trip (lanes, policy).
 *
 * @example
 * const out = provinceEvent(secret, event); // { id: 'KT:42', type: 'trip_called', vehicleRef: '…', … }
 */
export function provinceEvent(secret: string, event: GateEvent): ProvinceTripEvent | null {
  const trip = event.trip;
  if (!trip) return null;
  return {
    id: `${event.gate}:${event.seq}`,
    seq: event.seq,
    type: event.type,
    at: gateTime(event.at),
    gate: event.gate,
    direction: trip.direction,
    priorityClass: trip.priorityClass,
    state: trip.state,
    stage: trip.stage,
    lane: trip.laneId ?? event.lane?.id ?? null,
    vehicleRef: vehicleRef(secret, trip.plate, event.at),
    tripRef: tripRef(secret, trip.id, event.at),
  };
}

interface Bucket {
  crossed: number;
  called: number;
  waits: number[];
  queueAtHourEnd: number;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);

/**
 * Hourly throughput, waits and queue per direction and class of one gate over [from, to), bucketed by the
 * gate's clock hour. Every hour × direction × class of the window has a row (zeros included), so a
 * consumer can tell "nothing happened" from "no data".
 *
 * @param events the gate's events with `at` in [from, to), ascending by seq
 * @param waitingAtStart trips in a waiting state when the window opens, with their direction and class
 * @example
 * const stats = provinceHourly('KT', events, { from, to });
 */
export function provinceHourly(
  gate: string,
  events: readonly GateEvent[],
  window: { from: number; to: number },
  waitingAtStart: ReadonlyMap<string, { direction: Direction; priorityClass: PriorityClass }> = new Map(),
): ProvinceHourlyStats {
  const first = gateHourStart(window.from);
  const buckets = new Map<string, Bucket>();
  const key = (hour: number, d: Direction, c: PriorityClass) => `${hour}|${d}|${c}`;
  for (let hour = first; hour < window.to; hour += HOUR) {
    for (const d of ZDirectionSchema.options) {
      for (const c of ZPriorityClassSchema.options) buckets.set(key(hour, d, c), { crossed: 0, called: 0, waits: [], queueAtHourEnd: 0 });
    }
  }
  const waiting = new Map(waitingAtStart);
  let hourEnd = first + HOUR;
  // The queue at an hour's end: every event before it is counted.
  const closeHoursUntil = (t: number) => {
    while (hourEnd <= t && hourEnd - HOUR < window.to) {
      for (const w of waiting.values()) buckets.get(key(hourEnd - HOUR, w.direction, w.priorityClass))!.queueAtHourEnd += 1;
      hourEnd += HOUR;
    }
  };
  for (const e of events) {
    const trip = e.trip;
    if (!trip || e.at < window.from || e.at >= window.to) continue;
    closeHoursUntil(e.at);
    if (WAITING_STATES.includes(trip.state)) waiting.set(trip.id, { direction: trip.direction, priorityClass: trip.priorityClass });
    else waiting.delete(trip.id);
    const bucket = buckets.get(key(gateHourStart(e.at), trip.direction, trip.priorityClass))!;
    if (e.type === 'trip_crossed') bucket.crossed += 1;
    if (e.type === 'trip_called') {
      bucket.called += 1;
      const wait = callWaitMs(e);
      if (wait !== null) bucket.waits.push(wait);
    }
  }
  closeHoursUntil(Number.POSITIVE_INFINITY);
  const hours: ProvinceHourlyRow[] = [...buckets.entries()].map(([k, b]) => {
    const [hour, direction, priorityClass] = k.split('|') as [string, Direction, PriorityClass];
    const sorted = [...b.waits].sort((x, y) => x - y);
    return {
      hour: gateTime(Number(hour)),
      direction,
      priorityClass,
      crossed: b.crossed,
      called: b.called,
      waitMinP50: minutes(percentile(sorted, 50)),
      waitMinP90: minutes(percentile(sorted, 90)),
      queueAtHourEnd: b.queueAtHourEnd,
    };
  });
  return { gate, timeZone: PROVINCE_TIME_ZONE, from: gateTime(window.from), to: gateTime(window.to), licence: { ...PROVINCE_LICENCE }, hours };
}
