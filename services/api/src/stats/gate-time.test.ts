import { describe, expect, it } from 'vitest';
import { gateHourStart, gateTime } from './gate-time.ts';

describe('gate time', () => {
  it('writes times with the gate offset, the same instant', () => {
    const at = Date.parse('2026-11-21T17:30:00Z');
    expect(gateTime(at)).toBe('2026-11-22T00:30:00.000+07:00');
    expect(Date.parse(gateTime(at))).toBe(at);
    expect(gateTime(at, -150)).toBe('2026-11-21T15:00:00.000-02:30');
  });
  it('buckets by the gate clock hour, also for half-hour zones', () => {
    expect(gateHourStart(Date.parse('2026-11-21T01:50:00Z'))).toBe(Date.parse('2026-11-21T01:00:00Z'));
    expect(gateHourStart(Date.parse('2026-11-21T01:50:00Z'), 330)).toBe(Date.parse('2026-11-21T01:30:00Z'));
    expect(gateHourStart(Date.parse('2026-11-21T01:20:00Z'), 330)).toBe(Date.parse('2026-11-21T00:30:00Z'));
  });
});
