import { describe, expect, it } from 'vitest';
import { isPerishableHsCode, PERISHABLE_HS_HEADINGS } from './perishable-headings.ts';

describe('the published perishable HS headings', () => {
  it.each([
    ['0810.90.10', true], // dragon fruit
    ['08109010', true],
    ['0810901000', true], // China's 10 digits
    ['0603.11.00', true], // cut roses
    ['0302.11.00', true], // fresh trout
    ['0407.21.00', true], // eggs
    ['0802.11.00', false], // almonds: a nut, not perishable
    ['0402.10.41', false], // milk powder
    ['6907.21.10', false], // ceramic tiles
    ['0712.90.10', false], // dried vegetables
  ])('%s → %s', (hs, expected) => {
    expect(isPerishableHsCode(hs)).toBe(expected);
  });

  it('lists headings of 4 digits from chapters 01–08 only', () => {
    for (const heading of Object.keys(PERISHABLE_HS_HEADINGS)) {
      expect(heading).toMatch(/^0[1-8]\d{2}$/);
    }
  });

  it('reads the heading from the first 4 digits, whatever the separators', () => {
    // WCO HS 2022: heading 08.10 "other fruit, fresh"; 0810 alone is the heading itself.
    expect(isPerishableHsCode('0810')).toBe(true);
    expect(isPerishableHsCode('0810 90 10')).toBe(true);
    expect(isPerishableHsCode('08.10.90.10')).toBe(true);
    expect(isPerishableHsCode('0 8 1 0 9 0')).toBe(true);
    // Not a heading: too short, or the digits of a listed heading elsewhere in the code.
    expect(isPerishableHsCode('081')).toBe(false);
    expect(isPerishableHsCode('')).toBe(false);
    expect(isPerishableHsCode('6908.10')).toBe(false);
    expect(isPerishableHsCode('9908.10')).toBe(false);
  });

  it('says what each heading covers (the list is published as is)', () => {
    expect(Object.keys(PERISHABLE_HS_HEADINGS).length).toBeGreaterThan(40);
    for (const [heading, covers] of Object.entries(PERISHABLE_HS_HEADINGS)) {
      expect(covers, heading).toMatch(/^[a-z][a-z ,'()…-]+[a-z)…]$/);
    }
    // Spot checks against the HS 2022 heading texts.
    expect(PERISHABLE_HS_HEADINGS['0702']).toMatch(/tomatoes/);
    expect(PERISHABLE_HS_HEADINGS['0810']).toMatch(/fresh fruit/);
    expect(PERISHABLE_HS_HEADINGS['0105']).toMatch(/poultry/);
  });
});
