/**
 * Expected service time per stage until the gate has measured its own
 * (moving averages kept by complete-stage). Figures from DESIGN.md's domain
 * facts: barrier 1–5 min (<2 with the platform), documents 2–5, X-ray 15–20,
 * physical ~45, quarantine sampling can take hours (we start at 40 min).
 */
import type { Stage } from '@borderflow/contracts';

export const DEFAULT_SERVICE_MS: Record<Stage, number> = {
  gate: 2 * 60_000,
  documents: 3.5 * 60_000,
  xray: 17.5 * 60_000,
  physical: 45 * 60_000,
  quarantine: 40 * 60_000,
  weighbridge: 2 * 60_000,
};

export interface ServiceEstimate { meanMs: number; sdMs: number; samples: number }

/** Reads "<stage>:mean|var|n" fields of the gate's svc hash into estimates. */
export function serviceEstimates(hash: Record<string, string>): Record<Stage, ServiceEstimate> {
  const out = {} as Record<Stage, ServiceEstimate>;
  for (const stage of Object.keys(DEFAULT_SERVICE_MS) as Stage[]) {
    const samples = Number(hash[`${stage}:n`] ?? 0);
    const mean = Number(hash[`${stage}:mean`]);
    const variance = Number(hash[`${stage}:var`] ?? 0);
    out[stage] = samples > 0 && Number.isFinite(mean)
      ? { meanMs: mean, sdMs: Math.sqrt(Math.max(variance, 0)) || mean * 0.3, samples }
      : { meanMs: DEFAULT_SERVICE_MS[stage], sdMs: DEFAULT_SERVICE_MS[stage] * 0.3, samples: 0 };
  }
  return out;
}

/**
 * ETA of the k-th truck in a stage's call order with `lanes` busy lanes serving
 * it: each call comes after one of the lanes finishes, every mean/lanes on
 * average; the range is ±1.28 sd (an 80% band).
 * @example etaFor(3, 2, { meanMs: 600_000, sdMs: 180_000, samples: 9 })
 */
export function etaFor(position: number, lanes: number, est: ServiceEstimate) {
  const servers = Math.max(lanes, 1);
  const expectedMs = (position * est.meanMs) / servers;
  const sd = (Math.sqrt(position) * est.sdMs) / servers;
  return {
    expectedMs: Math.round(expectedMs),
    lowMs: Math.round(Math.max(0, expectedMs - 1.28 * sd)),
    highMs: Math.round(expectedMs + 1.28 * sd),
  };
}
