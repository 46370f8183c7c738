/**
 * Closed-loop load: N concurrent loops each run one cycle after another for a
 * fixed time; every cycle's latency is kept. Throughput is cycles over the
 * wall time of the whole run.
 */
import { summarizeLatencies, type LatencySummary } from './latency.ts';

export interface TimedLoopsResult extends LatencySummary {
  cycles: number;
  cycles_per_s: number;
  /** Cycles that found nothing to do (returned false); not counted in latency or throughput. */
  idle: number;
}

/**
 * Runs `cycle(loopIndex)` in `loops` concurrent loops for `seconds`. A cycle
 * that returns `false` did no work (e.g. an empty queue): it is counted as idle.
 *
 * @example
 * const r = await timedLoops(16, 10, async (w) => { await doOneCycle(w); });
 * console.log(r.cycles_per_s, r.p99_ms);
 */
export async function timedLoops(
  loops: number,
  seconds: number,
  cycle: (loop: number) => Promise<void | boolean>,
): Promise<TimedLoopsResult> {
  const latencies: number[] = [];
  let idle = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: loops }, async (_, w) => {
    while (performance.now() < end) {
      const t = performance.now();
      if ((await cycle(w)) === false) idle++;
      else latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  return {
    cycles: latencies.length,
    cycles_per_s: Math.round(latencies.length / elapsed),
    idle,
    ...summarizeLatencies(latencies),
  };
}
