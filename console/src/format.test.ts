import { describe, expect, it } from 'vitest';
import { formatDuration, formatPlate, roundMinutes, serviceProgress } from './format.ts';

describe('formatDuration', () => {
  it('writes minutes and seconds, hours from one hour up', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(59_999)).toBe('0:59');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('shows clock skew as zero and missing values as a dash', () => {
    expect(formatDuration(-5_000)).toBe('0:00');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('roundMinutes', () => {
  it('rounds to whole minutes, at least 1 once positive', () => {
    expect(roundMinutes(0)).toBe(0);
    expect(roundMinutes(10_000)).toBe(1);
    expect(roundMinutes(90_000)).toBe(2);
    expect(roundMinutes(15 * 60_000)).toBe(15);
  });
});

describe('formatPlate', () => {
  it('writes normalised Vietnamese plates the way they are painted', () => {
    expect(formatPlate('24C12345')).toBe('24C-123.45');
    expect(formatPlate('24c 123 45')).toBe('24C-123.45');
    expect(formatPlate('24C-123.45')).toBe('24C-123.45');
    expect(formatPlate('24C1234')).toBe('24C-1234');
    expect(formatPlate('24R01234')).toBe('24R-012.34');
    expect(formatPlate('29LD12345')).toBe('29LD-123.45');
  });

  it('writes Chinese plates with the middle dot', () => {
    expect(formatPlate('云G12345')).toBe('云G·12345');
    expect(formatPlate('云G·A1234')).toBe('云G·A1234');
    expect(formatPlate('云G1234挂')).toBe('云G·1234挂');
  });

  it('leaves unknown formats readable', () => {
    expect(formatPlate(' abc ')).toBe('ABC');
    expect(formatPlate('')).toBe('—');
    expect(formatPlate(null)).toBe('—');
  });
});

describe('serviceProgress', () => {
  it('compares time in lane with the expected service time', () => {
    expect(serviceProgress(30_000, 60_000)).toEqual({ ratio: 0.5, overdue: false });
    expect(serviceProgress(90_000, 60_000)).toEqual({ ratio: 1.5, overdue: true });
  });

  it('has no ratio without an expectation', () => {
    expect(serviceProgress(30_000, null)).toEqual({ ratio: null, overdue: false });
    expect(serviceProgress(null, 60_000)).toEqual({ ratio: null, overdue: false });
    expect(serviceProgress(30_000, 0)).toEqual({ ratio: null, overdue: false });
  });
});
