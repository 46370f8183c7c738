import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import {
  erlangC, erlangCMeanWait, fastServerMeanWait, fastServerStationaryWait, stationaryNumberInSystem, utilisation,
} from './erlang.ts';
import { batchMeansInterval, mean, percentile, tQuantile975 } from './statistics.ts';

describe('queueing formulas', () => {
  it('Erlang C matches textbook values', () => {
    // M/M/1 (c = 1): P(wait) = ρ, Wq = ρ/(μ − λ).
    expect(erlangC({ lambda: 0.8, mu: 1, c: 1 })).toBeCloseTo(0.8, 12);
    expect(erlangCMeanWait({ lambda: 0.8, mu: 1, c: 1 })).toBeCloseTo(4, 12);
    // M/M/2, a = 1.7: C = a²/(2 − a) / (1 + a + a²/(2 − a)) ≈ 0.78108.
    expect(erlangC({ lambda: 1.7, mu: 1, c: 2 })).toBeCloseTo(9.6333 / 12.3333, 4);
    // Known table value: c = 5, a = 4 → C ≈ 0.5541.
    expect(erlangC({ lambda: 4, mu: 1, c: 5 })).toBeCloseTo(0.5541, 4);
    expect(fastServerMeanWait({ lambda: 1.9, mu: 1, c: 2 })).toBeCloseTo(0.95 / 0.1, 9);
    expect(() => erlangC({ lambda: 2, mu: 1, c: 2 })).toThrow(/ρ < 1/);
    expect(() => erlangC({ lambda: 2.5, mu: 1, c: 2 })).toThrow(/ρ < 1/);
  });

  it('M/M/2 at ρ = 0.95 matches the closed form C = a²/(2 + a)', () => {
    // For c = 2 Erlang C reduces to a²/(2 + a) (Gross & Harris, "Fundamentals of Queueing Theory",
    // §2.3): a = 1.9 → 3.61/3.9 = 0.925641…, Wq = C/(cμ − λ) = 9.25641…
    const p = { lambda: 1.9, mu: 1, c: 2 };
    expect(erlangC(p)).toBeCloseTo(3.61 / 3.9, 12);
    expect(erlangCMeanWait(p)).toBeCloseTo(3.61 / 3.9 / 0.1, 9);
    // Rates in other units: λ = 0.19, μ = 0.1 per minute is the same queue, 10 times slower.
    expect(erlangCMeanWait({ lambda: 0.19, mu: 0.1, c: 2 })).toBeCloseTo(92.5641, 3);
    expect(utilisation({ lambda: 0.19, mu: 0.1, c: 2 })).toBeCloseTo(0.95, 12);
  });

  it('inverts the stationary law of the number in system at given uniforms', () => {
    // M/M/2, a = 1.9: p_0 = 1/39, p_1 = 1.9/39, P(N ≥ 2) = 36.1/39 with a geometric tail of ratio
    // ρ = 0.95 (Gross & Harris §2.3). Quantiles from summing that law directly: u = 0.01 → 0,
    // 0.05 → 1, 0.5 → 14, 0.9 → 45.
    const p = { lambda: 1.9, mu: 1, c: 2 };
    expect(stationaryNumberInSystem(p, 0.01)).toBe(0);
    expect(stationaryNumberInSystem(p, 0.05)).toBe(1);
    expect(stationaryNumberInSystem(p, 0.5)).toBe(14);
    expect(stationaryNumberInSystem(p, 0.9)).toBe(45);
    // u → 1 stays finite (the tail inversion is clamped short of log(0)).
    expect(Number.isFinite(stationaryNumberInSystem(p, 1 - 1e-17))).toBe(true);
    expect(stationaryNumberInSystem(p, 1 - 1e-17)).toBeGreaterThan(600);
  });

  it('M/M/1 at ρ = 0.5: P(N = k) = 0.5^(k+1), so u = 0.5 is the first uniform that draws N = 1', () => {
    // Inverse transform: N = the smallest k with F(k) > u; F(0) = 0.5 exactly.
    const p = { lambda: 0.5, mu: 1, c: 1 };
    expect(stationaryNumberInSystem(p, 0.4999)).toBe(0);
    expect(stationaryNumberInSystem(p, 0.5)).toBe(1);
    expect(stationaryNumberInSystem(p, 0.75)).toBe(2);
    expect(stationaryNumberInSystem(p, 0.875)).toBe(3);
    // u = 1 is the end of the tail: clamped to a large finite number, never log(0).
    expect(Number.isFinite(stationaryNumberInSystem(p, 1))).toBe(true);
  });

  it('M/M/3 at a = 1: below c the law is a^k/k!, not geometric', () => {
    // p_0 = p_1 = 1, p_2 = 1/2, tail (1/6)/(1 − 1/3) = 1/4, total 2.75: F(0) = 0.364, F(1) = 0.727,
    // F(2) = 0.909. Quantiles from summing that law directly.
    const p = { lambda: 1, mu: 1, c: 3 };
    expect(stationaryNumberInSystem(p, 0.35)).toBe(0);
    expect(stationaryNumberInSystem(p, 0.7)).toBe(1);
    expect(stationaryNumberInSystem(p, 0.85)).toBe(2);
    expect(stationaryNumberInSystem(p, 0.95)).toBe(3);
  });

  it('the fast single server with μ ≠ 1: λ = 0.19, μ = 0.1 per minute, c = 2 (cμ − λ = 0.01)', () => {
    const p = { lambda: 0.19, mu: 0.1, c: 2 };
    expect(fastServerMeanWait(p)).toBeCloseTo(0.95 / 0.01, 6);
    expect(fastServerStationaryWait(p, 0.525)).toBeCloseTo(Math.LN2 / 0.01, 6);
  });

  it('the fast single server: mean ρ/(cμ − λ), wait 0 with probability 1 − ρ, else exponential', () => {
    const p = { lambda: 1.9, mu: 1, c: 2 };
    expect(fastServerMeanWait(p)).toBeCloseTo(9.5, 9);
    expect(fastServerStationaryWait(p, 0.01)).toBe(0);
    expect(fastServerStationaryWait(p, 0.049)).toBe(0);
    // P(W > t) = ρ e^{−(cμ−λ)t}: u = 1 − ρ/2 = 0.525 is the median of the busy part, ln 2 / 0.1.
    expect(fastServerStationaryWait(p, 0.525)).toBeCloseTo(Math.LN2 / 0.1, 9);
    // u = 1 − ρ e^{−1}: one mean (1/(cμ − λ) = 10) into the exponential.
    expect(fastServerStationaryWait(p, 1 - 0.95 * Math.exp(-1))).toBeCloseTo(10, 9);
    expect(Number.isFinite(fastServerStationaryWait(p, 1))).toBe(true);
  });

  it('draws the stationary number in system with the right law', () => {
    const p = { lambda: 1.7, mu: 1, c: 2 };
    const rnd = createRandom(2);
    const n = 200_000;
    let sum = 0;
    let waiting = 0;
    for (let i = 0; i < n; i++) {
      const k = stationaryNumberInSystem(p, rnd.next());
      sum += k;
      if (k >= 2) waiting++;
    }
    // L = Lq + a, Lq = λ Wq; P(N ≥ c) = C.
    const L = p.lambda * erlangCMeanWait(p) + p.lambda / p.mu;
    expect(Math.abs(sum / n - L) / L).toBeLessThan(0.02);
    expect(Math.abs(waiting / n - erlangC(p))).toBeLessThan(0.005);
  });
});

describe("Student's t quantile", () => {
  // t_{0.975, df}, two-sided 95 %: NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2
  // "Critical values of the Student's t distribution" (column 0.975), also Abramowitz & Stegun
  // Table 26.10. Typed from the table, not computed by the function under test.
  it.each([
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306],
    [9, 2.262], [10, 2.228], [15, 2.131], [20, 2.086], [25, 2.06], [29, 2.045], [30, 2.042],
  ])('df %i → %f (table)', (df, t) => {
    expect(tQuantile975(df)).toBeCloseTo(t, 3);
  });

  it.each([[40, 2.021], [60, 2.0], [100, 1.984], [120, 1.98]])('df %i → %f (table, to 0.01)', (df, t) => {
    // Above 30 the function uses 1.96 + 2.4/df, within 0.002 of the table.
    expect(Math.abs(tQuantile975(df) - t)).toBeLessThan(0.002);
  });

  it('has no finite quantile below one degree of freedom, and tends to the normal 1.960', () => {
    expect(tQuantile975(0)).toBe(Number.POSITIVE_INFINITY);
    expect(tQuantile975(-1)).toBe(Number.POSITIVE_INFINITY);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 6);
  });
});

describe('batch means with control variates', () => {
  it('is the plain t interval without controls', () => {
    // Mean 3, s² = 2.5, 4 degrees of freedom: t_{0.975,4} = 2.776 (table below), 2.776 · √(2.5/5).
    const e = batchMeansInterval([1, 2, 3, 4, 5]);
    expect(e.estimate).toBe(3);
    expect(e.df).toBe(4);
    expect(e.batches).toBe(5);
    expect(e.beta).toEqual([]);
    expect(e.halfWidth).toBeCloseTo(2.776 * Math.sqrt(0.5), 10);
    // Residuals −2, −1, 0, 1, 2: Σ r_b r_{b−1} = 2 + 0 + 0 + 2 = 4 over SSE = 10.
    expect(e.lag1).toBeCloseTo(0.4, 12);
  });

  it('one control, worked by hand (Law, "Simulation Modeling and Analysis", §11.4)', () => {
    // Y = 2, 4, 5, 9 (Ȳ = 5); C = 0, 1, 2, 3 (C̄ = 1.5), μ_C = 1.
    // S_CC = 2.25 + 0.25 + 0.25 + 2.25 = 5; S_CY = 4.5 + 0.5 + 0 + 6 = 11; β̂ = 2.2.
    // θ̂ = 5 − 2.2 · (1.5 − 1) = 3.9. Residuals 0.3, 0.1, −1.1, 0.7: SSE = 1.8, df = 4 − 1 − 1 = 2,
    // s² = 0.9, quad = 0.5²/5 = 0.05, half-width = t_{0.975,2} · √(0.9 · (1/4 + 0.05)) = 4.303 · √0.27.
    // Lag 1: (0.03 − 0.11 − 0.77)/1.8.
    const e = batchMeansInterval([2, 4, 5, 9], [{ batches: [0, 1, 2, 3], mean: 1 }]);
    expect(e.beta[0]).toBeCloseTo(2.2, 12);
    expect(e.estimate).toBeCloseTo(3.9, 12);
    expect(e.df).toBe(2);
    expect(e.halfWidth).toBeCloseTo(4.303 * Math.sqrt(0.27), 10);
    expect(e.lag1).toBeCloseTo(-0.85 / 1.8, 12);
  });

  it('two controls, worked by hand', () => {
    // Y = 1, 3, 2, 6, 8; C1 = 0, 1, 0, 1, 3 (C̄1 = 1); C2 = 1, 0, 0, 2, 2 (C̄2 = 1); Ȳ = 4.
    // Deviations d1 = −1, 0, −1, 0, 2; d2 = 0, −1, −1, 1, 1; y − Ȳ = −3, −1, −2, 2, 4.
    // S = [[6, 3], [3, 4]], S_CY = [13, 9]: β̂ = S⁻¹ S_CY = [(4·13 − 3·9)/15, (6·9 − 3·13)/15] = [5/3, 1].
    // Residuals r = (y − Ȳ) − β̂1 d1 − β̂2 d2 = −4/3, 0, 2/3, 1, −1/3: SSE = (16 + 4 + 9 + 1)/9 = 10/3,
    // df = 5 − 2 − 1 = 2, s² = 5/3. Known means μ = (0.5, 1.5): offset (0.5, −0.5),
    // θ̂ = 4 − 5/3 · 0.5 − 1 · (−0.5) = 11/3. quad = offsetᵀ S⁻¹ offset = (4·0.25 − 2·3·(−0.25) + 6·0.25)/15
    // = 4/15. Half-width = 4.303 · √(5/3 · (1/5 + 4/15)) = 4.303 · √(7/9).
    const e = batchMeansInterval([1, 3, 2, 6, 8], [
      { batches: [0, 1, 0, 1, 3], mean: 0.5 },
      { batches: [1, 0, 0, 2, 2], mean: 1.5 },
    ]);
    expect(e.beta[0]).toBeCloseTo(5 / 3, 12);
    expect(e.beta[1]).toBeCloseTo(1, 12);
    expect(e.estimate).toBeCloseTo(11 / 3, 12);
    expect(e.df).toBe(2);
    expect(e.halfWidth).toBeCloseTo(4.303 * Math.sqrt(7 / 9), 10);
    // Lag 1: (0 + 0 + 2/3 − 1/3)/(10/3).
    expect(e.lag1).toBeCloseTo(0.1, 12);
  });

  it('refuses too few batches and a control that never varies', () => {
    expect(() => batchMeansInterval([1, 2], [{ batches: [1, 2], mean: 1 }])).toThrow('need more than 2 batches for 1 controls, got 2');
    expect(() => batchMeansInterval([4])).toThrow('need more than 1 batches for 0 controls, got 1');
    expect(batchMeansInterval([4, 6]).halfWidth).toBeCloseTo(12.706 * 1, 10);
    expect(() => batchMeansInterval([1, 2, 4], [{ batches: [1, 1, 1], mean: 1 }])).toThrow(/singular/);
    // No spread at all: the interval has width 0 and the lag-1 correlation is reported as 0.
    const flat = batchMeansInterval([5, 5, 5, 5]);
    expect(flat.halfWidth).toBe(0);
    expect(flat.lag1).toBe(0);
  });

  it('removes exactly the variance a control explains, and shifts by its known mean', () => {
    const control = [0.9, 1.3, 0.7, 1.1, 1.2, 0.8];
    const y = control.map((c) => 10 + 2 * (c - 1)); // y is a linear function of the control
    const e = batchMeansInterval(y, [{ batches: control, mean: 1 }]);
    expect(e.beta[0]).toBeCloseTo(2, 10);
    expect(e.estimate).toBeCloseTo(10, 10);
    expect(e.halfWidth).toBeCloseTo(0, 10);
    expect(() => batchMeansInterval([1, 2], [{ batches: [1, 2], mean: 1 }])).toThrow(/batches/);
  });

  it('percentiles by nearest rank', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(percentile([7], 0.99)).toBe(7);
    // Nearest rank (NIST e-Handbook §7.2.6.2): rank ⌈p·n⌉, clamped to 1..n.
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 0.2)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 0.21)).toBe(20);
    expect(percentile([10, 20, 30, 40, 50], 1)).toBe(50);
    expect(percentile([10, 20, 30, 40, 50], 1.5)).toBe(50);
  });

  it('means', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([-4])).toBe(-4);
    expect(mean([])).toBeNaN();
  });
});
