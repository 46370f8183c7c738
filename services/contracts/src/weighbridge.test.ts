import { describe, expect, it } from 'vitest';
import { grossLimitKg, ZWeighbridgeReadingEventSchema } from './weighbridge.ts';

describe('the legal gross limit (Circular 46/2015/TT-BGTVT)', () => {
  it('follows the axle count and the combination', () => {
    expect(grossLimitKg(2, 'rigid')).toBe(16_000);
    expect(grossLimitKg(3, 'rigid')).toBe(24_000);
    expect(grossLimitKg(4, 'rigid')).toBe(30_000);
    expect(grossLimitKg(7, 'rigid')).toBe(34_000);
    expect(grossLimitKg(3, 'semitrailer')).toBe(26_000);
    expect(grossLimitKg(5, 'semitrailer')).toBe(40_000);
    expect(grossLimitKg(6, 'semitrailer')).toBe(44_000);
    expect(grossLimitKg(9, 'semitrailer')).toBe(44_000);
  });

  it('refuses a weighing that names no real axle count or mass', () => {
    const ok = { type: 'weighbridge_reading', eventId: 'w1', capturedAt: '2026-12-06T08:00:00Z', plate: '24C-123.45', grossKg: 20_000, axles: 3 };
    expect(ZWeighbridgeReadingEventSchema.parse(ok).combination).toBe('rigid');
    expect(ZWeighbridgeReadingEventSchema.safeParse({ ...ok, axles: 1 }).success).toBe(false);
    expect(ZWeighbridgeReadingEventSchema.safeParse({ ...ok, grossKg: 20.5 }).success).toBe(false);
    expect(ZWeighbridgeReadingEventSchema.safeParse({ ...ok, tripId: 'x' }).success).toBe(false);
  });
});
