/**
 * Vietnamese tax codes (mã số thuế, MST): 10 digits whose last is a mod-11
 * check digit, or 13 for a dependent unit/branch (the parent's 10 digits +
 * a 3-digit branch number, written `0101234567-001`), or, for individuals and
 * household businesses since 1 July 2025, the 12-digit personal identification
 * number of the citizen ID card (Thông tư 86/2024/TT-BTC, Điều 5; Luật Quản lý
 * thuế 38/2019/QH14 as amended).
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

/**
 * The first 3 digits of a 12-digit personal identification number: the province (or city) where
 * the birth was registered (Thông tư 59/2021/TT-BCA, Phụ lục I; the codes of Quyết định
 * 124/2004/QĐ-TTg). The 4th digit is century and sex (0–9), the 5th–6th the year of birth.
 */
const CITIZEN_PROVINCES: ReadonlySet<string> = new Set(
  ('001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 '
    + '040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 '
    + '083 084 086 087 089 091 092 093 094 095 096').split(' '),
);

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * Check digit of the first 9 digits, or null when no digit is possible
 * (those 9 digits cannot start a valid tax code).
 *
 * @example
 * taxCodeCheckDigit('010010910'); // 6
 */
export function taxCodeCheckDigit(first9: string): number | null {
  let sum = 0;
  WEIGHTS.forEach((w, i) => {
    sum += w * Number(first9.charAt(i));
  });
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

/** Strips spaces and dots; keeps the branch dash until the shape check. */
function strip(input: string): string {
  return normaliseIdentifier(input).replace(/[.\s]/g, '');
}

/**
 * @example
 * checkTaxCode('0100109106');     // { ok: true, value: '0100109106' }
 * checkTaxCode('0100109106-001'); // { ok: true, value: '0100109106001' }
 * checkTaxCode('001085012345');   // citizen ID: { ok: true, value: '001085012345' }
 */
export function checkTaxCode(input: string): CheckResult {
  const raw = strip(input);
  if (/^\d{12}$/.test(raw)) {
    const province = raw.slice(0, 3);
    if (!CITIZEN_PROVINCES.has(province)) {
      return fail('tax_code_citizen_id', `a 12-digit tax code is a citizen ID and must start with a province code (001–096), got ${province}`, { got: province });
    }
    return { ok: true, value: raw };
  }
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(raw);
  if (!m) {
    return fail('tax_code_format', 'tax code must be 10 digits, 13 for a branch written 0101234567-001, or a 12-digit citizen ID');
  }
  const head = m[1] as string;
  const branch = m[2];
  const expected = taxCodeCheckDigit(head.slice(0, 9));
  if (expected === null) {
    return fail('tax_code_no_check_digit', 'tax code is not valid: its first 9 digits give no possible check digit');
  }
  if (Number(head.charAt(9)) !== expected) {
    return fail('tax_code_check_digit', `tax code check digit should be ${expected}`, { expected: String(expected) });
  }
  if (branch === '000') return fail('tax_code_branch', 'tax code branch number must be 001–999');
  return { ok: true, value: branch === undefined ? head : head + branch };
}

export const ZTaxCodeSchema = zodFromCheck(checkTaxCode, 'Vietnamese tax code (MST): 10 digits, 13 for a branch, or a 12-digit citizen ID');
