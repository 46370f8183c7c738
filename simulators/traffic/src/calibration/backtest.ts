/**
 * The back-test harness: fit on the first 70 % of the observations by time, then walk through the
 * later ones and ask a predictor for the wait of a truck joining at each. The harness alone holds
 * the test hours' waits: a predictor is built from the training rows (every column), and for each
 * test hour it is handed only the queue observed up to then (`at` and `queue`, copied into fresh
 * objects), so no test-hour `wait_time` can reach it, not even one long over.
 */
import type { QueueRow } from './echerha-csv.ts';

export interface QueueObservation {
  at: number;
  queue: number;
}

export interface KnownWait extends QueueObservation {
  waitS: number;
}

/** What a predictor may know at `at`, beyond the training rows it was built from. */
export interface PredictionContext {
  at: number;
  queue: number;
  /** Every queue observation (training and test) up to and including `at`, in time order. */
  queueHistory: readonly QueueObservation[];
}

export type WaitPredictor = (ctx: PredictionContext) => number;

/** Builds a predictor from the training rows, the only waits it will ever see. */
export type WaitModel = (training: readonly KnownWait[]) => WaitPredictor;

/** The first `floor(share × n)` rows train, the rest test. */
export function splitIndex(n: number, share = 0.7): number {
  return Math.floor(n * share);
}

/**
 * Runs `model` for every test row; returns the predictions in test-row order (seconds).
 *
 * @example
 * const predicted = backtest(rows, queueWaitModel); // predicted.length === rows.length - splitIndex(rows.length)
 */
export function backtest(rows: readonly QueueRow[], model: WaitModel, trainShare = 0.7): number[] {
  const k = splitIndex(rows.length, trainShare);
  const predict = model(rows.slice(0, k).map((r) => ({ at: r.at, queue: r.queue, waitS: r.waitS })));
  const history: QueueObservation[] = rows.map((r) => ({ at: r.at, queue: r.queue }));
  const out: number[] = [];
  for (let i = k; i < rows.length; i++) {
    const now = history[i]!;
    out.push(Math.max(0, Math.round(predict({ at: now.at, queue: now.queue, queueHistory: history.slice(0, i + 1) }))));
  }
  return out;
}
