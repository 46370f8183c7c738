/**
 * Wait percentiles that count the trucks still waiting. A truck that has waited 50 minutes and is
 * still in the yard says "more than 50 minutes", not nothing: dropping it (only call-ups counted)
 * makes the figure look best exactly when the yard is stuck. The Kaplan–Meier estimator takes such
 * right-censored observations into account.
 */

/** One wait: `ms` long, `done` when it ended in a call-up, else still running (censored). */
export interface WaitObservation {
  ms: number;
  done: boolean;
}

/**
 * The p-quantile (0 < p < 1) of the Kaplan–Meier survival curve: the first completed wait t at
 * which the estimated share still waiting S(t) falls to 1 − p or below. Null when the curve never
 * gets there (too many trucks still waiting to say) or there are no observations. A censored
 * wait equal to a completed one is at risk at that time (the usual convention).
 *
 * @example
 * kaplanMeierQuantile([{ ms: 10, done: true }, { ms: 20, done: false }, { ms: 30, done: true }], 0.5) // 30
 */
export function kaplanMeierQuantile(observations: readonly WaitObservation[], p: number): number | null {
  const sorted = [...observations].sort((a, b) => a.ms - b.ms || Number(b.done) - Number(a.done));
  let atRisk = sorted.length;
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.ms;
    let ended = 0;
    let leaving = 0;
    while (i < sorted.length && sorted[i]!.ms === t) {
      if (sorted[i]!.done) ended++;
      leaving++;
      i++;
    }
    if (ended > 0) {
      survival *= 1 - ended / atRisk;
      if (survival <= 1 - p + 1e-12) return t;
    }
    atRisk -= leaving;
  }
  return null;
}
