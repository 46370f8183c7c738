/**
 * Random durations for the simulation, drawn from the seeded generator of
 * ../random.ts so a seed replays the same day. Each draw takes a fixed number
 * of uniforms, which keeps runs under different policies on the same stream
 * of trucks (common random numbers) as long as they draw in the same order.
 */
import type { SimDistribution } from '@borderflow/contracts';
import type { Random } from '../random.ts';

const MINUTE = 60_000;

/**
 * Exponential with the given mean (inverse transform; 1 − u avoids log(0)).
 * @example exponential(createRandom(1), 600_000) // a service time with mean 10 min
 */
export function exponential(rnd: Random, mean: number): number {
  return -Math.log(1 - rnd.next()) * mean;
}

/** Standard normal by Box–Muller (two uniforms, one value: no cached state between draws). */
export function standardNormal(rnd: Random): number {
  const u1 = 1 - rnd.next();
  const u2 = rnd.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * One draw of a scenario distribution, in ms of simulated time.
 * @example drawMs(rnd, { kind: 'uniform', minMinutes: 15, maxMinutes: 20 }) // 900_000..1_200_000
 */
export function drawMs(rnd: Random, d: SimDistribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.minutes * MINUTE;
    case 'uniform':
      return rnd.between(d.minMinutes, d.maxMinutes) * MINUTE;
    case 'triangular': {
      const { minMinutes: a, modeMinutes: c, maxMinutes: b } = d;
      const u = rnd.next();
      if (b === a) return a * MINUTE;
      const f = (c - a) / (b - a);
      const x = u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
      return x * MINUTE;
    }
    case 'exponential':
      return exponential(rnd, d.meanMinutes * MINUTE);
    case 'lognormal': {
      // Parameters of the underlying normal from the mean and the coefficient of variation.
      const sigma2 = Math.log(1 + d.cv * d.cv);
      const mu = Math.log(d.meanMinutes) - sigma2 / 2;
      return Math.exp(mu + Math.sqrt(sigma2) * standardNormal(rnd)) * MINUTE;
    }
  }
}

/** The mean of a distribution, minutes (for capacity estimates and tests). */
export function meanMinutes(d: SimDistribution): number {
  switch (d.kind) {
    case 'fixed': return d.minutes;
    case 'uniform': return (d.minMinutes + d.maxMinutes) / 2;
    case 'triangular': return (d.minMinutes + d.modeMinutes + d.maxMinutes) / 3;
    case 'exponential': return d.meanMinutes;
    case 'lognormal': return d.meanMinutes;
  }
}
