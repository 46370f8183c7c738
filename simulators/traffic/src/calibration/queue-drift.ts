/**
 * How fast the queue grows, from the queue's own trajectory: the least-squares slope of
 * `vehicles_in_queue` against time over a trailing window. Over a window long enough to cover the
 * daily cycle, growth = arrivals − service, so a change in growth that arrivals do not explain is
 * a change in the service rate.
 */
import type { QueueObservation } from './backtest.ts';

const HOUR = 3_600_000;

/** The trailing window, hours: three days, so the daily cycle of arrivals averages out. */
export const DRIFT_WINDOW_HOURS = 72;
/** Fewer observations than this in the window (a long gap in the feed): no slope. */
const MIN_POINTS = 12;

/**
 * Trucks per hour the queue grew over the `windowHours` up to and including `history[end]`
 * (least squares, so one odd reading moves it little); NaN when the window has too few points.
 *
 * @example
 * queueGrowthPerHour(Array.from({ length: 72 }, (_, i) => ({ at: i * 3_600_000, queue: 10 + 2 * i }))) // ≈ 2
 */
export function queueGrowthPerHour(history: readonly QueueObservation[], end = history.length - 1, windowHours = DRIFT_WINDOW_HOURS): number {
  const to = history[end]!.at;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = end; i >= 0 && history[i]!.at > to - windowHours * HOUR; i--) {
    const x = (history[i]!.at - to) / HOUR;
    const y = history[i]!.queue;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const d = n * sxx - sx * sx;
  return n >= MIN_POINTS && d > 0 ? (n * sxy - sx * sy) / d : Number.NaN;
}

/** The range of growth rates a period shows in ordinary times (its 5th to 95th percentile). */
export interface GrowthBand {
  low: number;
  high: number;
}

/**
 * The 5–95 % band of the trailing growth rate over the last `lastRows` observations of `history`.
 * Zero-width at 0 when no window had enough points.
 */
export function growthBand(history: readonly QueueObservation[], lastRows: number): GrowthBand {
  const from = Math.max(0, history.length - lastRows);
  const rates: number[] = [];
  for (let i = from; i < history.length; i++) {
    const g = queueGrowthPerHour(history, i);
    if (Number.isFinite(g)) rates.push(g);
  }
  if (rates.length === 0) return { low: 0, high: 0 };
  rates.sort((a, b) => a - b);
  return { low: rates[Math.floor(0.05 * (rates.length - 1))]!, high: rates[Math.ceil(0.95 * (rates.length - 1))]! };
}

/**
 * How far a growth rate lies outside the band (0 inside it): the part of the queue's growth that
 * ordinary ups and downs of arrivals do not explain.
 *
 * @example
 * excessGrowth(5, { low: -1, high: 1 }) // 4
 */
export function excessGrowth(growth: number, band: GrowthBand): number {
  if (!Number.isFinite(growth)) return 0;
  return growth > band.high ? growth - band.high : growth < band.low ? growth - band.low : 0;
}
