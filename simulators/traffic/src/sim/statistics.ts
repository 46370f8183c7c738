/**
 * Output analysis for simulation runs: percentiles, and the batch-means
 * estimator with control variates (Lavenberg & Welch 1981) that the M/M/c
 * checks use to put an honest 95 % confidence interval on a steady-state mean.
 */

/**
 * The p-quantile of an ascending list (nearest rank), or null when empty.
 * @example percentile([1, 2, 3, 4], 0.5) // 2
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : Number.NaN;
}

// Two-sided 95 % quantiles of Student's t, df 1..30; above that the normal one is close enough.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t_{0.975, df}. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  return df <= 30 ? T975[df - 1]! : 1.96 + 2.4 / df;
}

/** Solves A x = b (small dense systems: Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (p === 0) throw new Error('singular control-variate matrix (a control is constant across batches)');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export interface ControlVariate {
  /** The control's value per batch (same batches as the response). */
  batches: readonly number[];
  /** Its exactly known expectation. */
  mean: number;
}

export interface IntervalEstimate {
  estimate: number;
  /** Half-width of the 95 % confidence interval. */
  halfWidth: number;
  /** Batches and degrees of freedom of the t quantile used. */
  batches: number;
  df: number;
  /** Fitted control coefficients (empty without controls). */
  beta: number[];
  /** Lag-1 autocorrelation of the (control-adjusted) batch residuals: near 0 when batches are long enough. */
  lag1: number;
}

/**
 * Batch means with linear control variates (Lavenberg & Welch 1981; Law, "Simulation Modeling and
 * Analysis", §11.4): with m batch means Y_b and q controls C_b of known mean μ_C,
 *   θ̂ = Ȳ − β̂ᵀ(C̄ − μ_C), β̂ the least-squares fit of Y_b on C_b,
 *   Var θ̂ ≈ s² [1/m + (C̄ − μ_C)ᵀ S_CC⁻¹ (C̄ − μ_C)], s² = SSE/(m − q − 1),
 * and the 95 % interval uses t with m − q − 1 degrees of freedom. Without controls it is the
 * plain batch-means interval.
 *
 * @example batchMeansInterval([4.1, 3.9, 4.3, 4.0], [{ batches: [1.1, 0.9, 1.2, 1.0], mean: 1 }])
 */
export function batchMeansInterval(y: readonly number[], controls: readonly ControlVariate[] = []): IntervalEstimate {
  const m = y.length;
  const q = controls.length;
  const df = m - q - 1;
  if (df < 1) throw new Error(`need more than ${q + 1} batches for ${q} controls, got ${m}`);
  const yBar = mean(y);
  const cBar = controls.map((c) => mean(c.batches));
  const scc = controls.map(() => new Array<number>(q).fill(0));
  const scy = new Array<number>(q).fill(0);
  for (let b = 0; b < m; b++) {
    for (let i = 0; i < q; i++) {
      const di = controls[i]!.batches[b]! - cBar[i]!;
      scy[i]! += di * (y[b]! - yBar);
      for (let j = 0; j < q; j++) scc[i]![j]! += di * (controls[j]!.batches[b]! - cBar[j]!);
    }
  }
  const beta = q ? solve(scc, scy) : [];
  const offset = controls.map((c, i) => cBar[i]! - c.mean);
  let estimate = yBar;
  for (let i = 0; i < q; i++) estimate -= beta[i]! * offset[i]!;
  const residuals = y.map((yb, b) => {
    let r = yb - yBar;
    for (let i = 0; i < q; i++) r -= beta[i]! * (controls[i]!.batches[b]! - cBar[i]!);
    return r;
  });
  const sse = residuals.reduce((s, r) => s + r * r, 0);
  const s2 = sse / df;
  const quad = q ? solve(scc, offset).reduce((s, v, i) => s + v * offset[i]!, 0) : 0;
  const halfWidth = tQuantile975(df) * Math.sqrt(s2 * (1 / m + quad));
  let lagNum = 0;
  for (let b = 1; b < m; b++) lagNum += residuals[b]! * residuals[b - 1]!;
  return { estimate, halfWidth, batches: m, df, beta, lag1: sse > 0 ? lagNum / sse : 0 };
}
