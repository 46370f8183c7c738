import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { arrivalTimes, hourlyRates } from './nhpp.ts';

const HOUR = 3_600_000;

describe('non-homogeneous Poisson arrivals (thinning)', () => {
  it('scales the hourly profile to the trucks per day', () => {
    const rates = hourlyRates(480, [...Array(12).fill(1), ...Array(12).fill(3)]);
    expect(rates[0]! * HOUR).toBeCloseTo(10);
    expect(rates[23]! * HOUR).toBeCloseTo(30);
  });

  it('follows the profile hour by hour, none where the rate is 0, deterministic for a seed', () => {
    const profile = [0, 0, 1, 2, 4, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const rates = hourlyRates(22_000, profile); // 1,000 per unit of weight
    const times = arrivalTimes(createRandom(5), rates, 24 * HOUR);
    expect(arrivalTimes(createRandom(5), rates, 24 * HOUR)).toEqual(times);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const perHour = Array.from({ length: 24 }, () => 0);
    for (const t of times) perHour[Math.floor(t / HOUR)]!++;
    profile.forEach((w, h) => {
      const expected = w * 1_000;
      if (expected === 0) expect(perHour[h]).toBe(0);
      // Poisson: sd = √expected; 4 sd is a bound a correct generator passes nearly always (fixed seed).
      else expect(Math.abs(perHour[h]! - expected)).toBeLessThan(4 * Math.sqrt(expected));
    });
    // Inside an hour the arrivals are uniform (homogeneous): first and second half alike.
    const inPeak = times.filter((t) => t >= 5 * HOUR && t < 6 * HOUR);
    const firstHalf = inPeak.filter((t) => t < 5.5 * HOUR).length;
    expect(Math.abs(firstHalf - inPeak.length / 2)).toBeLessThan(4 * Math.sqrt(inPeak.length / 4));
  });

  it('repeats the profile on later days and stops at the end of the run', () => {
    const times = arrivalTimes(createRandom(1), hourlyRates(2_400, Array(24).fill(1)), 36 * HOUR);
    expect(times.at(-1)!).toBeLessThan(36 * HOUR);
    expect(times.filter((t) => t >= 24 * HOUR).length).toBeGreaterThan(900);
    expect(arrivalTimes(createRandom(1), hourlyRates(100, Array(24).fill(0)), 24 * HOUR)).toEqual([]);
  });
});
