import { describe, expect, it } from 'vitest';
import { checkTaxCode, taxCodeCheckDigit, ZTaxCodeSchema } from './tax-code.ts';

describe('Vietnamese tax codes (MST)', () => {
  it('computes the mod-11 check digit', () => {
    // 0*31+1*29+0*23+0*19+1*17+0*13+9*7+1*5+0*3 = 114; 114 mod 11 = 4; 10-4 = 6
    expect(taxCodeCheckDigit('010010910')).toBe(6);
    expect(taxCodeCheckDigit('030081140')).toBe(0);
    expect(taxCodeCheckDigit('000000000')).toBeNull(); // sum 0 → 10: no valid code
  });

  it.each([
    ['0100109106', '0100109106'],
    ['0101234565', '0101234565'],
    [' 0100109106 ', '0100109106'],
    ['0100109106-001', '0100109106001'],
    ['0100109106001', '0100109106001'],
  ])('accepts %j', (input, value) => {
    expect(checkTaxCode(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'tax_code_format'],
    ['010010910', 'tax_code_format'],
    ['01001091061', 'tax_code_format'],
    ['0100109106-01', 'tax_code_format'],
    ['010010910A', 'tax_code_format'],
    ['0100109107', 'tax_code_check_digit'],
    ['0000000000', 'tax_code_check_digit'],
    ['0100109107-001', 'tax_code_check_digit'], // branch of an invalid parent
    ['0100109106-000', 'tax_code_branch'],
  ])('rejects %j (%s)', (input, rule) => {
    const r = checkTaxCode(input);
    expect(!r.ok && r.rule).toBe(rule);
  });

  it('schema message names the expected digit', () => {
    expect(ZTaxCodeSchema.safeParse('0100109107').error?.issues[0]?.message).toBe('tax code check digit should be 6');
  });
});
