import { describe, expect, it } from 'vitest';
import { dayStart, isoInZone, lastDays, rangeInstants, rangeProblem, zoneOffset } from './report-range.ts';

const NOW = Date.parse('2025-06-10T05:00:00Z'); // 12:00 at the gate

describe('report range', () => {
  it('works in gate-local days (UTC+7)', () => {
    expect(zoneOffset(NOW)).toBe('+07:00');
    expect(new Date(dayStart('2025-06-01')).toISOString()).toBe('2025-05-31T17:00:00.000Z');
    expect(isoInZone(Date.parse('2025-06-01T01:00:00Z'))).toBe('2025-06-01T08:00:00+07:00');
    expect(lastDays(7, NOW)).toEqual({ from: '2025-06-04', to: '2025-06-10' });
  });

  it('asks for [from 00:00, the day after `to`), never beyond now', () => {
    expect(rangeInstants({ from: '2025-06-01', to: '2025-06-02' }, NOW)).toEqual({
      from: '2025-05-31T17:00:00.000Z',
      to: '2025-06-02T17:00:00.000Z',
    });
    expect(rangeInstants({ from: '2025-06-10', to: '2025-06-10' }, NOW).to).toBe(new Date(NOW).toISOString());
  });

  it('names what is wrong with a range', () => {
    expect(rangeProblem({ from: '2025-06-01', to: '2025-06-10' }, NOW)).toBeNull();
    expect(rangeProblem({ from: '2025-06-05', to: '2025-06-01' }, NOW)).toBe('order');
    expect(rangeProblem({ from: '2025-05-01', to: '2025-06-10' }, NOW)).toBe('too_long');
    expect(rangeProblem({ from: '2025-07-01', to: '2025-07-02' }, NOW)).toBe('future');
    expect(rangeProblem({ from: '', to: '2025-06-02' }, NOW)).toBe('invalid');
  });
});
