import { describe, expect, it } from 'vitest';
import { slotClassOf } from './booking.ts';

describe('slotClassOf: the capacity class a trip books, for the server and the booking screen alike', () => {
  it('gives no cargo an empty return, any perishable heading perishable, the rest ordinary', () => {
    expect(slotClassOf([])).toBe('empty_return');
    expect(slotClassOf([{ hsCode: '0810.90.10' }])).toBe('perishable'); // dragon fruit
    expect(slotClassOf([{ hsCode: '6907.21.10' }, { hsCode: '0702.00.00' }])).toBe('perishable'); // tiles and tomatoes
    expect(slotClassOf([{ hsCode: '8471.30.20' }])).toBe('ordinary');
  });
});
