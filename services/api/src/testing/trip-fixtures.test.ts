/**
 * The fixtures' plates are what tests rely on to never meet each other's trips (one active trip per
 * vehicle): a repeat is a 409 in a test that did nothing wrong.
 */
import { describe, expect, it } from 'vitest';
import { uniquePlate } from './trip-fixtures.ts';
import { checkPlate } from '@borderflow/contracts';

describe('uniquePlate', () => {
  it('never gives a plate twice in a process, and each is a valid plate', () => {
    // 20,000 free draws of 100,000 plates repeat one ~2,000 times (the birthday bound).
    const plates = Array.from({ length: 20_000 }, () => uniquePlate());
    expect(new Set(plates).size).toBe(plates.length);
    expect(plates.slice(0, 50).every((p) => checkPlate(p).ok)).toBe(true);
  });
});
