/**
 * Latency figures every benchmark reports the same way: nearest-rank
 * percentiles over raw samples (ms). Samples are kept whole rather than
 * bucketed: a run produces at most a few hundred thousand, and exact p99s are
 * worth more than the memory.
 */

/**
 * Nearest-rank percentile of an ascending array (0 when empty).
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5); // 3
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export interface LatencySummary {
  count: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Count, mean and percentiles of a set of samples (ms, any order; the input is not modified).
 *
 * @example
 * summarizeLatencies([5, 1, 3]); // { count: 3, p50_ms: 3, p90_ms: 5, p99_ms: 5, max_ms: 5, mean_ms: 3 }
 */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of sorted) sum += s;
  const at = (p: number) => round3(percentile(sorted, p));
  return {
    count: sorted.length,
    p50_ms: at(0.5),
    p90_ms: at(0.9),
    p99_ms: at(0.99),
    max_ms: round3(sorted[sorted.length - 1] ?? 0),
    mean_ms: round3(sorted.length ? sum / sorted.length : 0),
  };
}

/**
 * Samples grouped by a label (request kind, stage…), summarised per label.
 *
 * @example
 * const byKind = new LatencyByLabel();
 * byKind.add('complete', 2.4);
 * byKind.summary(); // { complete: { count: 1, p50_ms: 2.4, … } }
 */
export class LatencyByLabel {
  private readonly samples = new Map<string, number[]>();

  add(label: string, ms: number): void {
    let list = this.samples.get(label);
    if (!list) this.samples.set(label, (list = []));
    list.push(ms);
  }

  count(label: string): number {
    return this.samples.get(label)?.length ?? 0;
  }

  summary(): Record<string, LatencySummary> {
    return Object.fromEntries([...this.samples].map(([label, list]) => [label, summarizeLatencies(list)]));
  }
}

/**
 * The quantile `q` (ms) of what a Prometheus histogram (cumulative count per upper bound, in
 * seconds) observed between two scrapes, linear within its bucket; 0 without observations. A
 * quantile beyond the last finite bound answers that bound: a floor, not a guess.
 *
 * @example
 * histogramQuantileMs(new Map(), new Map([[0.01, 5], [0.1, 10], [Infinity, 10]]), 0.75); // 55
 */
export function histogramQuantileMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = cumulative.at(-1) ?? 0;
  if (total <= 0) return 0;
  const rank = q * total;
  const i = cumulative.findIndex((n) => n >= rank);
  const lower = i > 0 ? bounds[i - 1]! : 0;
  if (!Number.isFinite(bounds[i]!)) return round3(lower * 1000);
  const below = i > 0 ? cumulative[i - 1]! : 0;
  return round3((lower + ((bounds[i]! - lower) * (rank - below)) / (cumulative[i]! - below)) * 1000);
}
