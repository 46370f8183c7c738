/**
 * Expected service time per stage until the gate has measured its own
 * (moving averages kept by complete-stage). Figures from DESIGN.md's domain
 * facts: barrier 1–5 min (<2 with the platform), documents 2–5, X-ray 15–20,
 * physical ~45; quarantine: see below. The gate's own measurements (a plain mean of the first
 * 20, complete-stage-2.lua) take over from a default as they come: see PRIOR_WEIGHT.
 */
import type { Stage } from '@borderflow/contracts';

export const DEFAULT_SERVICE_MS: Record<Stage, number> = {
  gate: 2 * 60_000,
  documents: 3.5 * 60_000,
  xray: 17.5 * 60_000,
  physical: 45 * 60_000,
  // Taking the plant-quarantine sample at the lane: minutes. The "hours" of DESIGN.md's domain
  // facts are the lab's analysis, spent in a hold off the lane (the lane serves others
  // meanwhile). 40 min here held every lane shared with quarantine (X2, P1, N3) four times too
  // long in every ETA given before the gate's first quarantine inspection (issue 16, item 9).
  quarantine: 10 * 60_000,
  weighbridge: 2 * 60_000,
};

/**
 * The drive from the staging yard to a called lane until the gate has measured its own
 * ("drive:mean", kept by gate-context.lua): a lane is held from the call-up, so counting no drive
 * at all promised every truck checked in before the first call (those waiting for the lanes to
 * open) its call a quarter too early at the median (documents: 3.5 min of service, plus ~1 min
 * of drive per call). A yard beside its lanes: a minute or two.
 */
export const DEFAULT_DRIVE_MS = 90_000;

/**
 * How many measurements a default is worth: the gate's own mean is shrunk towards it by
 * PRIOR_WEIGHT ÷ (PRIOR_WEIGHT + n). The stored mean is a plain mean of the first 20 (then a
 * moving average), so one to five inspections of a 2–5 min stage moved every ETA of the first
 * hour after opening by 10–30 % either way (issue 16, item 9); the default, from DESIGN.md's
 * ranges, is worth a few of them, and fades once the gate has measured its own.
 */
export const PRIOR_WEIGHT = 3;

/** A measured mean of `n` values shrunk towards the default. */
function shrunk(prior: number, mean: number, n: number): number {
  return (PRIOR_WEIGHT * prior + n * mean) / (PRIOR_WEIGHT + n);
}

/** The gate's measured drive from the yard to a lane ("drive:mean" of "drive:n" drives), shrunk towards DEFAULT_DRIVE_MS. */
export function driveMs(hash: Record<string, string>): number {
  const d = Number(hash['drive:mean']);
  if (hash['drive:mean'] === undefined || !Number.isFinite(d)) return DEFAULT_DRIVE_MS;
  // A gate measured before drive:n was kept has a mean of many drives.
  const n = Number(hash['drive:n'] ?? 20);
  return shrunk(DEFAULT_DRIVE_MS, d, Number.isFinite(n) ? n : 20);
}

export interface ServiceEstimate { meanMs: number; sdMs: number; samples: number }

/** Reads "<stage>:mean|var|n" fields of the gate's svc hash into estimates, each mean shrunk towards its default. */
export function serviceEstimates(hash: Record<string, string>): Record<Stage, ServiceEstimate> {
  const out = {} as Record<Stage, ServiceEstimate>;
  for (const stage of Object.keys(DEFAULT_SERVICE_MS) as Stage[]) {
    const samples = Number(hash[`${stage}:n`] ?? 0);
    const mean = Number(hash[`${stage}:mean`]);
    const variance = Number(hash[`${stage}:var`] ?? 0);
    out[stage] = samples > 0 && Number.isFinite(mean)
      ? { meanMs: shrunk(DEFAULT_SERVICE_MS[stage], mean, samples), sdMs: Math.sqrt(Math.max(variance, 0)) || mean * 0.3, samples }
      : { meanMs: DEFAULT_SERVICE_MS[stage], sdMs: DEFAULT_SERVICE_MS[stage] * 0.3, samples: 0 };
  }
  return out;
}

/** Time constant of the arrival-rate count (the Lua noteArrival in includes/assignment.lua uses the same). */
export const ARRIVAL_TAU_MS = 30 * 60_000;

/**
 * Mean interval between trucks joining one queue, from the exponentially weighted count that
 * noteArrival keeps in the svc hash ("arr:<direction>:<stage>:<class>:rate|last"), decayed to
 * `now`; 0 when none has joined (no expected arrivals).
 * @example arrivalGapMs({ 'arr:exit:gate:ordinary:rate': String(4 / ARRIVAL_TAU_MS), 'arr:exit:gate:ordinary:last': '0' }, 'arr:exit:gate:ordinary:', 0) // 450_000
 */
export function arrivalGapMs(hash: Record<string, string>, field: string, now: number): number {
  const rate = Number(hash[`${field}rate`]) * Math.exp(-Math.max(0, now - Number(hash[`${field}last`])) / ARRIVAL_TAU_MS);
  return rate > 0 ? 1 / rate : 0;
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

/**
 * Expected rest of an inspection that has already taken `elapsedMs`: E[S − e | S > e] for a
 * normal service time S with the estimate's mean and sd (an inspection past its mean is not
 * about to end at once).
 * @example remainingMs({ meanMs: 600_000, sdMs: 180_000, samples: 9 }, 500_000) // ≈ 170_000
 */
export function remainingMs(est: ServiceEstimate, elapsedMs: number): number {
  const sd = Math.max(est.sdMs, 1);
  const z = (elapsedMs - est.meanMs) / sd;
  const density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
  const tail = Math.max(1 - normalCdf(z), 1e-9);
  return Math.max(0, est.meanMs + (sd * density) / tail - elapsedMs);
}

/** Standard normal CDF (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = (Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - upper : upper;
}
