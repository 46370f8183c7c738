/**
 * The report window as the manager picks it: whole gate-local days, `from` and `to` inclusive,
 * kept in the URL (`?from=2025-06-01&to=2025-06-07`) so a report can be linked. Converted to the
 * instants the stats endpoint takes ([from 00:00, day after `to` 00:00), clamped to now).
 */
import { GATE_TIME_ZONE } from '../i18n/format.ts';

const DAY = 86_400_000;
/** The stats endpoint reads at most 31 days. */
export const MAX_RANGE_DAYS = 31;

export interface DayRange {
  /** `YYYY-MM-DD`, gate-local. */
  from: string;
  to: string;
}

export type RangeProblem = 'invalid' | 'order' | 'too_long' | 'future';

/** `YYYY-MM-DD` of an instant in the gate's time zone. */
export function localDay(at: number, timeZone: string = GATE_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The zone's UTC offset at an instant, as `+07:00`.
 *
 * @example
 * zoneOffset(Date.now(), 'Asia/Ho_Chi_Minh'); // "+07:00"
 */
export function zoneOffset(at: number, timeZone: string = GATE_TIME_ZONE): string {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/** Midnight starting a gate-local day, as an instant. */
export function dayStart(day: string, timeZone: string = GATE_TIME_ZONE): number {
  const noon = Date.parse(`${day}T12:00:00Z`);
  return Date.parse(`${day}T00:00:00${zoneOffset(noon, timeZone)}`);
}

/**
 * An instant as ISO 8601 with the gate's offset (what a CSV should carry).
 *
 * @example
 * isoInZone(Date.UTC(2025, 5, 1, 1)); // "2025-06-01T08:00:00+07:00"
 */
export function isoInZone(at: number, timeZone: string = GATE_TIME_ZONE): string {
  const offset = zoneOffset(at, timeZone);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  const local = new Date(at + sign * (h * 60 + m) * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}

/** The last `days` days up to today (today included). */
export function lastDays(days: number, now: number = Date.now()): DayRange {
  return { from: localDay(now - (days - 1) * DAY), to: localDay(now) };
}

/** What is wrong with a range, or null. */
export function rangeProblem(range: DayRange, now: number = Date.now()): RangeProblem | null {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!re.test(range.from) || !re.test(range.to) || Number.isNaN(dayStart(range.from)) || Number.isNaN(dayStart(range.to))) return 'invalid';
  if (range.from > range.to) return 'order';
  if (dayStart(range.from) > now) return 'future';
  if ((dayStart(range.to) - dayStart(range.from)) / DAY + 1 > MAX_RANGE_DAYS) return 'too_long';
  return null;
}

/**
 * The instants to ask the stats endpoint for.
 *
 * @example
 * rangeInstants({ from: '2025-06-01', to: '2025-06-01' }); // { from: '2025-05-31T17:00:00.000Z', to: '2025-06-01T17:00:00.000Z' }
 */
export function rangeInstants(range: DayRange, now: number = Date.now()): { from: string; to: string } {
  const from = dayStart(range.from);
  const to = Math.min(now, dayStart(range.to) + DAY);
  return { from: new Date(from).toISOString(), to: new Date(Math.max(to, from + 60_000)).toISOString() };
}

/** The range in the URL, or the default (today). */
export function rangeFromSearch(search: URLSearchParams, now: number = Date.now()): DayRange {
  const from = search.get('from');
  const to = search.get('to');
  return from && to ? { from, to } : lastDays(1, now);
}
