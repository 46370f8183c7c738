import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { erlangC, erlangCMeanWait, fastServerMeanWait, stationaryNumberInSystem } from './erlang.ts';
import { batchMeansInterval, percentile, tQuantile975 } from './statistics.ts';

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

describe('batch means with control variates', () => {
  it('is the plain t interval without controls', () => {
    const e = batchMeansInterval([1, 2, 3, 4, 5]);
    expect(e.estimate).toBe(3);
    expect(e.df).toBe(4);
    expect(e.halfWidth).toBeCloseTo(tQuantile975(4) * Math.sqrt(2.5 / 5), 10);
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
  });
});
