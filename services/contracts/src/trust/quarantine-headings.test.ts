import { describe, expect, it } from 'vitest';
import { cargoNeedsQuarantine, hsNeedsQuarantine } from './quarantine-headings.ts';

describe('hsNeedsQuarantine', () => {
  it.each([
    ['0810.90.10', true], // dragon fruit
    ['0810901000', true], // the same, Chinese 10 digits
    ['0101.21.00', true], // live horses
    ['0303.89.19', true], // frozen fish
    ['1006.30.99', true], // rice
    ['1602.49.91', true], // prepared pork
    ['4403.49.90', true], // rough tropical wood
    ['6907.21.10', false], // ceramic tiles
    ['8703.23.59', false], // cars
    ['1701.99.19', false], // refined sugar
  ])('%s → %s', (hs, expected) => {
    expect(hsNeedsQuarantine(hs)).toBe(expected);
  });
});

describe('cargoNeedsQuarantine', () => {
  it('the checkbox cannot remove quarantine from fruit', () => {
    expect(cargoNeedsQuarantine([{ hsCode: '0810.90.10', plantOrAnimal: false }])).toBe(true);
  });
  it('the checkbox can add it to goods the list does not name', () => {
    expect(cargoNeedsQuarantine([{ hsCode: '6907.21.10', plantOrAnimal: true }])).toBe(true);
    expect(cargoNeedsQuarantine([{ hsCode: '6907.21.10' }])).toBe(false);
  });
});
