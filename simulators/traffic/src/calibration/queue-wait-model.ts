/**
 * The wait a truck joining the queue now can expect, from the queue alone and the training
 * period's waits. eCherha's published wait is about "trucks ahead × a per-truck interval" that it
 * recomputes from recent throughput, and the trucks already called (at the barrier, in the buffer
 * zone) do not wait: so wait ≈ L × max(0, q − c), with L = 3600 / μ seconds per truck (μ the
 * service rate, trucks per hour) and c trucks that are counted but no longer waiting.
 *
 * The model, in two parts:
 * 1. **Level.** L₀ and c are a least-squares fit of wait on queue over the last 14 days of
 *    training. That gives the service rate at the split, μ₀ = 3600 / L₀.
 * 2. **Drift.** After the split no wait is known, so a change of service rate can only show in the
 *    queue itself. Over a 72-hour trailing window (long enough for the daily cycle to average
 *    out) the queue's growth g = λ − μ, arrivals less service. In ordinary times g wanders within
 *    a band, which we take as the 5–95 % range of the same 72-hour slope over the last 14 days of
 *    training. A growth outside that band is not ordinary variation of arrivals; we attribute the
 *    excess to the service: μ = μ₀ − excess (a queue growing 4 trucks/h faster than it ever did is
 *    being served about 4 trucks/h slower), clipped to [μ₀ / 4, 2 μ₀] so a feed glitch cannot
 *    send L to infinity. Inside the band the model keeps L₀: reacting to every wobble costs more
 *    (on the eCherha series, following g without the band triples the error) than it gains.
 *
 * Known limits: a surge of arrivals with the service unchanged also pushes g out of the band and
 * is read as a slowdown (over-predicting the wait, which is the safer side for a driver); and a
 * slowdown during a lull of arrivals that leaves g inside the band goes unnoticed until it does not.
 */
import type { KnownWait, WaitPredictor } from './backtest.ts';
import { excessGrowth, growthBand, queueGrowthPerHour } from './queue-drift.ts';

/** Observations in the fit window (14 days of hourly rows). */
export const FIT_WINDOW_ROWS = 336;
/** Fewer usable rows than this and the fit falls back to a plain ratio. */
const MIN_ROWS = 8;

/** A fitted model: wait = secondsPerTruck × max(0, queue − trucksNotWaiting). */
export interface QueueWaitFit {
  secondsPerTruck: number;
  trucksNotWaiting: number;
  rows: number;
  kind: 'affine' | 'ratio';
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Least squares of wait on queue over the rows with a wait, as L × (q − c); a plain ratio
 * (median wait / queue, c = 0) when the rows cannot support a line (too few, a slope ≤ 0, or c
 * outside the queues seen).
 *
 * @example
 * fitQueueWait([{ at: 0, queue: 20, waitS: 500 }, …]).secondsPerTruck
 */
export function fitQueueWait(rows: readonly KnownWait[]): QueueWaitFit {
  const used = rows.filter((r) => r.waitS > 0 && r.queue > 0);
  if (used.length === 0) return { secondsPerTruck: 0, trucksNotWaiting: 0, rows: 0, kind: 'ratio' };
  const ratio = (): QueueWaitFit => ({ secondsPerTruck: median(used.map((r) => r.waitS / r.queue)), trucksNotWaiting: 0, rows: used.length, kind: 'ratio' });
  if (used.length < MIN_ROWS) return ratio();
  const n = used.length;
  const mx = used.reduce((s, r) => s + r.queue, 0) / n;
  const my = used.reduce((s, r) => s + r.waitS, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const r of used) {
    sxx += (r.queue - mx) ** 2;
    sxy += (r.queue - mx) * (r.waitS - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const c = slope > 0 ? mx - my / slope : Number.NaN;
  const maxQueue = Math.max(...used.map((r) => r.queue));
  if (!(slope > 0) || !(c >= 0) || !(c < maxQueue)) return ratio();
  return { secondsPerTruck: slope, trucksNotWaiting: c, rows: n, kind: 'affine' };
}

/**
 * The predicted wait (seconds) of a fit for a queue.
 *
 * @example
 * predictWait({ secondsPerTruck: 500, trucksNotWaiting: 20, rows: 100, kind: 'affine' }, 120) // 50000
 */
export function predictWait(fit: QueueWaitFit, queue: number): number {
  return Math.max(0, fit.secondsPerTruck * (queue - fit.trucksNotWaiting));
}

/** The level fit and the ordinary growth band the model takes from the training rows. */
export interface TrainedQueueWaitModel {
  fit: QueueWaitFit;
  band: { low: number; high: number };
}

/**
 * Fits the level on the last {@link FIT_WINDOW_ROWS} training rows (all training rows when those
 * hold too few waits above 0, a quiet fortnight) and the growth band on the same span.
 */
export function trainQueueWaitModel(training: readonly KnownWait[]): TrainedQueueWaitModel {
  const recent = fitQueueWait(training.slice(-FIT_WINDOW_ROWS));
  const fit = recent.rows >= MIN_ROWS ? recent : fitQueueWait(training);
  return { fit, band: growthBand(training, FIT_WINDOW_ROWS) };
}

/**
 * The per-truck interval (seconds) now: L₀ moved by the queue growth the band does not explain.
 *
 * @example
 * secondsPerTruckNow({ fit: { secondsPerTruck: 180, trucksNotWaiting: 0, rows: 100, kind: 'affine' }, band: { low: -1, high: 1 } }, 5) // 225
 */
export function secondsPerTruckNow(model: TrainedQueueWaitModel, growth: number): number {
  const l0 = model.fit.secondsPerTruck;
  if (!(l0 > 0)) return l0;
  const mu0 = 3600 / l0;
  const mu = Math.min(2 * mu0, Math.max(mu0 / 4, mu0 - excessGrowth(growth, model.band)));
  return 3600 / mu;
}

/**
 * The calibrated model: trained on the training rows, it predicts from the queue history alone.
 *
 * @example
 * queueWaitModel(trainingRows)({ at, queue: 300, queueHistory }) // seconds
 */
export function queueWaitModel(training: readonly KnownWait[]): WaitPredictor {
  const model = trainQueueWaitModel(training);
  return (ctx) => {
    const l = secondsPerTruckNow(model, queueGrowthPerHour(ctx.queueHistory));
    return predictWait({ ...model.fit, secondsPerTruck: l }, ctx.queue);
  };
}

/** The same level without the drift part: what the model would say if it ignored the trajectory. */
export function levelOnlyModel(training: readonly KnownWait[]): WaitPredictor {
  const { fit } = trainQueueWaitModel(training);
  return (ctx) => predictWait(fit, ctx.queue);
}
