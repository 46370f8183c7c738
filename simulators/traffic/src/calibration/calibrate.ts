/**
 * `npm run sim -- calibrate`: fits the queue-wait model to a gate's history and reports how well
 * it predicts the hours it was not fitted on, beside the naive predictor a manager would try
 * first. Deterministic: no random numbers are drawn, so the same file gives the same JSON
 * (`seed` is recorded as 0 for the record).
 */
import { backtest, splitIndex } from './backtest.ts';
import { QueueCsvError, type QueueRow } from './echerha-csv.ts';
import { DRIFT_WINDOW_HOURS } from './queue-drift.ts';
import { FIT_WINDOW_ROWS, levelOnlyModel, queueWaitModel, trainQueueWaitModel } from './queue-wait-model.ts';

export interface CalibrationResult {
  source: string;
  seed: 0;
  rows: number;
  train_hours: number;
  test_hours: number;
  /** Median |predicted − observed| / observed over test hours whose observed wait is > 0. */
  wait_mdape: number;
  /** Mean |predicted − observed| over all test hours, minutes. */
  wait_mae_min: number;
  /** The same figure for the naive predictor: queue × median(wait / queue) over training rows where both > 0. */
  baseline_wait_mdape: number;
  baseline_wait_mae_min: number;
  /** The model without its drift part (the training fit applied as is): what noticing a slowdown is worth. */
  level_only_wait_mdape: number;
  model: {
    description: string;
    fitWindowRows: number;
    driftWindowHours: number;
    /** The fit at the end of training and the band of ordinary queue growth (trucks/hour). */
    atSplit: { secondsPerTruck: number; trucksNotWaiting: number; kind: string; growthBand: { low: number; high: number } };
    baselineSecondsPerTruck: number;
  };
  predictions: Array<{ checkpoint_time: string; predicted_wait_s: number }>;
  /** For the report: observed and naive figures per test hour (same order as predictions). */
  observed_wait_s: number[];
  baseline_wait_s: number[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * MdAPE over pairs whose observed value is above 0.
 *
 * @example
 * mdape([110, 50, 7], [100, 50, 0]) // 0.05
 */
export function mdape(predicted: readonly number[], observed: readonly number[]): number {
  return median(observed.flatMap((o, i) => (o > 0 ? [Math.abs(predicted[i]! - o) / o] : [])));
}

/**
 * Mean absolute error in minutes.
 *
 * @example
 * maeMinutes([120, 0], [60, 60]) // 1
 */
export function maeMinutes(predicted: readonly number[], observed: readonly number[]): number {
  return observed.reduce((s, o, i) => s + Math.abs(predicted[i]! - o), 0) / Math.max(1, observed.length) / 60;
}

/**
 * Back-tests the model and the naive baseline on a history.
 *
 * @example
 * calibrate(parseQueueCsv(readFileSync('zahony.csv', 'utf8')), 'zahony.csv').wait_mdape
 */
export function calibrate(rows: readonly QueueRow[], source: string): CalibrationResult {
  if (rows.length < 10) throw new QueueCsvError(`at least 10 rows are needed to fit and test, got ${rows.length}`);
  const k = splitIndex(rows.length);
  const training = rows.slice(0, k);
  const test = rows.slice(k);
  const observed = test.map((r) => r.waitS);
  const baseRatio = median(training.filter((r) => r.waitS > 0 && r.queue > 0).map((r) => r.waitS / r.queue));
  const baseline = test.map((r) => Math.round(r.queue * (Number.isFinite(baseRatio) ? baseRatio : 0)));
  const predicted = backtest(rows, queueWaitModel);
  const levelOnly = backtest(rows, levelOnlyModel);
  const { fit: atSplit, band } = trainQueueWaitModel(training);
  return {
    source,
    seed: 0,
    rows: rows.length,
    train_hours: k,
    test_hours: test.length,
    wait_mdape: round(mdape(predicted, observed), 4),
    wait_mae_min: round(maeMinutes(predicted, observed), 1),
    baseline_wait_mdape: round(mdape(baseline, observed), 4),
    baseline_wait_mae_min: round(maeMinutes(baseline, observed), 1),
    level_only_wait_mdape: round(mdape(levelOnly, observed), 4),
    model: {
      description: 'wait = L × max(0, queue − c); L, c least squares on the last 14 days of training; L follows the service rate read from 72-hour queue growth outside its training band; no test-hour wait is read',
      fitWindowRows: FIT_WINDOW_ROWS,
      driftWindowHours: DRIFT_WINDOW_HOURS,
      atSplit: {
        secondsPerTruck: round(atSplit.secondsPerTruck, 1),
        trucksNotWaiting: round(atSplit.trucksNotWaiting, 1),
        kind: atSplit.kind,
        growthBand: { low: round(band.low, 2), high: round(band.high, 2) },
      },
      baselineSecondsPerTruck: round(baseRatio, 1),
    },
    predictions: test.map((r, i) => ({ checkpoint_time: r.checkpointTime, predicted_wait_s: predicted[i]! })),
    observed_wait_s: observed,
    baseline_wait_s: baseline,
  };
}
