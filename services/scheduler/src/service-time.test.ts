import { describe, expect, it } from 'vitest';
import { ARRIVAL_TAU_MS, DEFAULT_DRIVE_MS, DEFAULT_SERVICE_MS, PRIOR_WEIGHT, arrivalGapMs, driveMs, serviceEstimates } from './service-time.ts';

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
    // A measured 0 is a measurement, not a missing one; few drives are shrunk towards the default.
    expect(driveMs({ 'drive:mean': '0', 'drive:n': '1' })).toBeCloseTo(DEFAULT_DRIVE_MS * PRIOR_WEIGHT / (PRIOR_WEIGHT + 1), 6);
    expect(driveMs({ 'drive:mean': '45000', 'drive:n': '1000' })).toBeCloseTo(45_000, -3);
  });
  it('quarantine at the lane is the sampling (minutes), not the lab hours spent held off the lane', () => {
    const q = serviceEstimates({}).quarantine;
    expect(q.samples).toBe(0);
    expect(q.meanMs).toBeLessThanOrEqual(15 * 60_000);
    // Measurements take over as they come.
    expect(serviceEstimates({ 'quarantine:mean': '300000', 'quarantine:n': '200' }).quarantine.meanMs).toBeLessThan(310_000);
  });
  it("a gate's first inspections are shrunk towards the default, worth PRIOR_WEIGHT of them", () => {
    // One documents check of 2 min (range 2–5) does not make every ETA of the hour 40 % shorter.
    const one = serviceEstimates({ 'documents:mean': '120000', 'documents:n': '1' }).documents;
    expect(one.meanMs).toBeCloseTo((PRIOR_WEIGHT * DEFAULT_SERVICE_MS.documents + 120_000) / (PRIOR_WEIGHT + 1), 6);
    expect(one.samples).toBe(1);
    const many = serviceEstimates({ 'documents:mean': '120000', 'documents:n': '60' }).documents;
    expect(many.meanMs).toBeLessThan(one.meanMs);
    expect(many.meanMs).toBeCloseTo((PRIOR_WEIGHT * DEFAULT_SERVICE_MS.documents + 60 * 120_000) / (PRIOR_WEIGHT + 60), 6);
  });
});
