import { describe, expect, it } from 'vitest';
import { LatencyByLabel, histogramQuantileMs, percentile, summarizeLatencies } from './latency.ts';

describe('percentile', () => {
  it('takes the nearest rank of an ascending list', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(51);
    expect(percentile(sorted, 0.99)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('summarizeLatencies', () => {
  it('sorts numerically (not as strings) and leaves the input alone', () => {
    const samples = [10, 9, 100, 2, 1];
    const s = summarizeLatencies(samples);
    expect(s).toEqual({ count: 5, p50_ms: 9, p90_ms: 100, p99_ms: 100, max_ms: 100, mean_ms: 24.4 });
    expect(samples).toEqual([10, 9, 100, 2, 1]);
  });

  it('finds a slow tail of 1 % exactly', () => {
    const samples = [...Array.from({ length: 990 }, () => 1), ...Array.from({ length: 10 }, () => 50)];
    const s = summarizeLatencies(samples);
    expect(s.p50_ms).toBe(1);
    expect(s.p90_ms).toBe(1);
    expect(s.p99_ms).toBe(50);
  });

  it('rounds to microseconds and is all zeros when empty', () => {
    expect(summarizeLatencies([1.23456]).p50_ms).toBe(1.235);
    expect(summarizeLatencies([])).toEqual({ count: 0, p50_ms: 0, p90_ms: 0, p99_ms: 0, max_ms: 0, mean_ms: 0 });
  });
});

describe('LatencyByLabel', () => {
  it('keeps samples apart per label', () => {
    const byKind = new LatencyByLabel();
    byKind.add('read', 2);
    byKind.add('read', 4);
    byKind.add('write', 10);
    expect(byKind.count('read')).toBe(2);
    expect(byKind.count('none')).toBe(0);
    const s = byKind.summary();
    expect(Object.keys(s).sort()).toEqual(['read', 'write']);
    expect(s.read!.p50_ms).toBe(4);
    expect(s.write!.mean_ms).toBe(10);
  });
});

describe('histogramQuantileMs', () => {
  const at = (entries: [number, number][]) => new Map(entries);
  it('interpolates within the bucket of the observations between two scrapes', () => {
    const before = at([[0.01, 2], [0.1, 2], [Infinity, 2]]);
    const after = at([[0.01, 7], [0.1, 12], [Infinity, 12]]);
    // 10 new observations: 5 up to 10 ms, 5 in (10, 100] ms.
    expect(histogramQuantileMs(before, after, 0.5)).toBe(10);
    expect(histogramQuantileMs(before, after, 0.75)).toBe(55);
    expect(histogramQuantileMs(before, after, 0.25)).toBe(5);
  });
  it('answers the last finite bound beyond it, and 0 without observations', () => {
    const after = at([[0.01, 1], [0.1, 1], [Infinity, 4]]);
    expect(histogramQuantileMs(new Map(), after, 0.99)).toBe(100);
    expect(histogramQuantileMs(after, after, 0.5)).toBe(0);
  });
});
