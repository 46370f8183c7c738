/**
 * Truck arrivals as a non-homogeneous Poisson process: the rate follows the
 * scenario's hourly profile (piecewise constant, repeated every day), and
 * times are drawn by thinning (Lewis & Shedler 1979): candidates from a
 * homogeneous process at the peak rate, each kept with probability
 * rate(t)/peak.
 */
import type { Random } from '../random.ts';
import { exponential } from './random-variates.ts';

const HOUR = 3_600_000;

/**
 * Arrival rate per ms in each local hour for `trucksPerDay` spread by `profile` (24 weights).
 * @example hourlyRates(240, Array(24).fill(1))[0] * 3_600_000 // 10 trucks/hour
 */
export function hourlyRates(trucksPerDay: number, profile: readonly number[]): number[] {
  const total = profile.reduce((s, w) => s + w, 0);
  return profile.map((w) => (trucksPerDay * w) / total / HOUR);
}

/**
 * Arrival times (ms after local midnight of day 0) in [0, durationMs).
 * @example arrivalTimes(createRandom(1), hourlyRates(400, profile), 24 * 3_600_000)
 */
export function arrivalTimes(rnd: Random, rates: readonly number[], durationMs: number): number[] {
  const peak = Math.max(...rates);
  if (!(peak > 0)) return [];
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += exponential(rnd, 1 / peak);
    if (t >= durationMs) return out;
    const rate = rates[Math.floor(t / HOUR) % rates.length]!;
    if (rnd.next() * peak < rate) out.push(t);
  }
}
