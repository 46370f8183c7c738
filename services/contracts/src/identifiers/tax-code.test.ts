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
    // Thông tư 86/2024/TT-BTC: an individual's tax code is the 12-digit personal identification number.
    ['001085012345', '001085012345'], // Hà Nội
    ['010 190 012 345', '010190012345'], // Lào Cai, spaced as printed on the card
    ['096300000001', '096300000001'], // Cà Mau
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
    ['0000000000', 'tax_code_no_check_digit'],
    ['0100109107-001', 'tax_code_check_digit'], // branch of an invalid parent
    ['0100109106-000', 'tax_code_branch'],
    ['000085012345', 'tax_code_citizen_id'], // no province 000 (Thông tư 59/2021/TT-BCA)
    ['003085012345', 'tax_code_citizen_id'], // 003 is not a province code
    ['097085012345', 'tax_code_citizen_id'],
    ['X0100109106', 'tax_code_format'], // anchored at the start
    ['0100109106-001X', 'tax_code_format'], // anchored at the end
    ['00108501234', 'tax_code_format'], // 11 digits
  ])('rejects %j (%s)', (input, rule) => {
    const r = checkTaxCode(input);
    expect(!r.ok && r.rule).toBe(rule);
  });

  it('schema message names the expected digit', () => {
    expect(ZTaxCodeSchema.safeParse('0100109107').error?.issues[0]?.message).toBe('tax code check digit should be 6');
  });
});
