/**
 * The manager's stats (GET /v1/gates/:gate/stats) shaped for charts and report tables:
 * throughput with the empty hours filled in (days when the window is long), waits and hold
 * times in minutes, backlog points. Pure functions: tested without a browser.
 */
import { PRIORITY_CLASSES, ZAgencySchema, type Agency, type GateStats, type PriorityClass } from '@borderflow/contracts';

const HOUR = 3_600_000;
/** Longer windows are shown per day: 48 bars is as many as a chart can label. */
export const MAX_HOURLY_BUCKETS = 48;

export interface ThroughputBucket {
  /** Start of the hour or day (ms). */
  at: number;
  exit: number;
  entry: number;
}

export interface Throughput {
  granularity: 'hour' | 'day';
  buckets: ThroughputBucket[];
}

/** `YYYY-MM-DD` of an instant in a time zone. */
function dayKey(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Crossings per hour from `from` to `to`, zeros included; per gate-local day when the window
 * holds more than MAX_HOURLY_BUCKETS hours.
 *
 * @example
 * throughput(stats, 'Asia/Ho_Chi_Minh').buckets[0]; // { at: 1717200000000, exit: 4, entry: 2 }
 */
export function throughput(stats: Pick<GateStats, 'from' | 'to' | 'trucksPerHour'>, timeZone: string): Throughput {
  const from = Math.floor(Date.parse(stats.from) / HOUR) * HOUR;
  const to = Date.parse(stats.to);
  const counts = new Map(stats.trucksPerHour.map((h) => [Date.parse(h.hour), h]));
  const hours: ThroughputBucket[] = [];
  for (let at = from; at < to; at += HOUR) {
    const c = counts.get(at);
    hours.push({ at, exit: c?.exit ?? 0, entry: c?.entry ?? 0 });
  }
  if (hours.length <= MAX_HOURLY_BUCKETS) return { granularity: 'hour', buckets: hours };
  const days = new Map<string, ThroughputBucket>();
  for (const h of hours) {
    const key = dayKey(h.at, timeZone);
    const day = days.get(key) ?? { at: h.at, exit: 0, entry: 0 };
    day.exit += h.exit;
    day.entry += h.entry;
    days.set(key, day);
  }
  return { granularity: 'day', buckets: [...days.values()] };
}

const toMinutes = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / 6_000) / 10);

export interface WaitRow {
  priorityClass: PriorityClass;
  p50Min: number | null;
  p90Min: number | null;
}

/** Wait (queue → call-up) p50/p90 in minutes for every priority class, in policy order. */
export function waitRows(stats: Pick<GateStats, 'waitMs'>): WaitRow[] {
  return PRIORITY_CLASSES.map((priorityClass) => {
    const w = stats.waitMs[priorityClass];
    return { priorityClass, p50Min: toMinutes(w?.p50), p90Min: toMinutes(w?.p90) };
  });
}

export interface HoldRow {
  agency: Agency;
  count: number;
  p50Min: number | null;
  p90Min: number | null;
  totalHours: number;
}

/** Time under agency holds per agency (every agency listed, zero when it held nobody). */
export function holdRows(stats: Pick<GateStats, 'holdsMs'>): HoldRow[] {
  return ZAgencySchema.options.map((agency) => {
    const h = stats.holdsMs[agency];
    return {
      agency,
      count: h?.count ?? 0,
      p50Min: toMinutes(h?.p50),
      p90Min: toMinutes(h?.p90),
      totalHours: Math.round(((h?.totalMs ?? 0) / HOUR) * 100) / 100,
    };
  });
}

/** Backlog samples as chart points. */
export function backlogPoints(stats: Pick<GateStats, 'backlogSeries'>): { at: number; value: number }[] {
  return stats.backlogSeries.map((p) => ({ at: Date.parse(p.at), value: p.trucks }));
}
