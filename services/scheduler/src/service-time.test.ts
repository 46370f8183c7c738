import { describe, expect, it } from 'vitest';
import { ARRIVAL_TAU_MS, DEFAULT_DRIVE_MS, arrivalGapMs, driveMs, serviceEstimates } from './service-time.ts';

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

describe('estimates before the gate has measured its own', () => {
  it('a call holds a lane for a drive from the yard even before one is measured, then the measured one', () => {
    // 0 ms here promised the trucks waiting for the lanes to open their call a quarter too early.
    expect(driveMs({})).toBe(DEFAULT_DRIVE_MS);
    expect(DEFAULT_DRIVE_MS).toBeGreaterThanOrEqual(60_000);
    expect(DEFAULT_DRIVE_MS).toBeLessThanOrEqual(120_000);
    expect(driveMs({ 'drive:mean': '45000' })).toBe(45_000);
    expect(driveMs({ 'drive:mean': '0' })).toBe(0); // a measured 0 is a measurement, not a missing one
  });
  it('quarantine at the lane is the sampling (minutes), not the lab hours spent held off the lane', () => {
    const q = serviceEstimates({}).quarantine;
    expect(q.samples).toBe(0);
    expect(q.meanMs).toBeLessThanOrEqual(15 * 60_000);
    // The first measurement replaces it.
    expect(serviceEstimates({ 'quarantine:mean': '300000', 'quarantine:n': '1' }).quarantine.meanMs).toBe(300_000);
  });
});
