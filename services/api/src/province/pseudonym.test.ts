/** The province feed's pseudonyms: stable within a year for every way of writing a plate, rotated each year, keyed. */
import { describe, expect, it } from 'vitest';
import { gateYear, loadPseudonymSecret, tripRef, vehicleRef } from './pseudonym.ts';

const SECRET = 'x'.repeat(40);
const JUNE_2026 = Date.parse('2026-06-01T00:00:00Z');

describe('pseudonyms', () => {
  it('name a vehicle the same way however its plate is written, and never by the plate', () => {
    const ref = vehicleRef(SECRET, '24C-123.45', JUNE_2026);
    expect(ref).toMatch(/^[0-9a-f]{64}$/);
    expect(vehicleRef(SECRET, '24c–12345', JUNE_2026)).toBe(ref);
    expect(vehicleRef(SECRET, '24C-123.46', JUNE_2026)).not.toBe(ref);
    expect(vehicleRef('y'.repeat(40), '24C-123.45', JUNE_2026)).not.toBe(ref);
    expect(tripRef(SECRET, '24C12345', JUNE_2026)).not.toBe(ref);
  });

  it("rotate at the gate's new year (+07:00), not UTC's", () => {
    const lastMinute2026 = Date.parse('2026-12-31T16:59:00Z'); // 23:59 in Lào Cai
    const firstMinute2027 = Date.parse('2026-12-31T17:00:00Z'); // 00:00 in Lào Cai
    expect(gateYear(lastMinute2026)).toBe(2026);
    expect(gateYear(firstMinute2027)).toBe(2027);
    expect(vehicleRef(SECRET, '24C-123.45', lastMinute2026)).toBe(vehicleRef(SECRET, '24C-123.45', JUNE_2026));
    expect(vehicleRef(SECRET, '24C-123.45', firstMinute2027)).not.toBe(vehicleRef(SECRET, '24C-123.45', JUNE_2026));
  });

  it('needs a strong secret in production', () => {
    expect(() => loadPseudonymSecret({ NODE_ENV: 'production' })).toThrow(/PROVINCE_PSEUDONYM_SECRET/);
    expect(() => loadPseudonymSecret({ NODE_ENV: 'production', PROVINCE_PSEUDONYM_SECRET: 'short' })).toThrow(/PROVINCE_PSEUDONYM_SECRET/);
    expect(loadPseudonymSecret({ NODE_ENV: 'production', PROVINCE_PSEUDONYM_SECRET: SECRET })).toBe(SECRET);
  });
});
