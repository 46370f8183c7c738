import { describe, expect, it } from 'vitest';
import { kaplanMeierQuantile } from './kaplan-meier.ts';

describe('kaplanMeierQuantile', () => {
  it('counts a truck still waiting as "at least that long"', () => {
    // The doc example: S(10) = 2/3; the censored 20 leaves one at risk; S(30) = 0 → median 30.
    expect(kaplanMeierQuantile([{ ms: 10, done: true }, { ms: 20, done: false }, { ms: 30, done: true }], 0.5)).toBe(30);
    // Dropping the waiting truck (completed only) would give the median of 10 and 30 by nearest rank: 10.
    expect(kaplanMeierQuantile([{ ms: 10, done: true }, { ms: 30, done: true }], 0.5)).toBe(10);
  });

  it('says nothing (null) when too many still wait to reach the quantile, or with no observations', () => {
    // S(10) = 3/4 and the rest still wait: the median is not known, only that it exceeds 10.
    expect(kaplanMeierQuantile([{ ms: 10, done: true }, { ms: 40, done: false }, { ms: 50, done: false }, { ms: 60, done: false }], 0.5)).toBeNull();
    expect(kaplanMeierQuantile([], 0.5)).toBeNull();
  });

  it('keeps a censored wait equal to a completed one at risk at that time', () => {
    // At 10: 4 at risk, 1 ends → S = 3/4; the censored 10 then leaves; at 20: 2 at risk, 1 ends → S = 3/8 ≤ 1/2.
    expect(kaplanMeierQuantile([{ ms: 10, done: false }, { ms: 10, done: true }, { ms: 20, done: true }, { ms: 30, done: true }], 0.5)).toBe(20);
  });
});
