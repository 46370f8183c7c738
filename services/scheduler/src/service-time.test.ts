import { describe, expect, it } from 'vitest';
import { ARRIVAL_TAU_MS, arrivalGapMs } from './service-time.ts';

describe('arrival gap from the weighted count', () => {
  const f = 'arr:exit:gate:ordinary:';
  it('is the time constant over the count, decayed to now', () => {
    const hash = { [`${f}rate`]: String(4 / ARRIVAL_TAU_MS), [`${f}last`]: '1000' };
    expect(arrivalGapMs(hash, f, 1000)).toBeCloseTo(ARRIVAL_TAU_MS / 4, 6);
    // One time constant without a truck: the rate falls by e, the gap grows by e.
    expect(arrivalGapMs(hash, f, 1000 + ARRIVAL_TAU_MS)).toBeCloseTo((ARRIVAL_TAU_MS / 4) * Math.E, 0);
  });
  it('is 0 (no expected arrivals) for a queue nobody joined', () => {
    expect(arrivalGapMs({}, f, 0)).toBe(0);
  });
});
