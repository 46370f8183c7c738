/**
 * Vietnamese tax codes (mã số thuế, MST): 10 digits whose last is a mod-11
 * check digit, or 13 for a dependent unit/branch (the parent's 10 digits +
 * a 3-digit branch number, written `0101234567-001`).
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';

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
  return input.replace(/[.\s\u00a0]/g, '');
}

/**
 * @example
 * checkTaxCode('0100109106');     // { ok: true, value: '0100109106' }
 * checkTaxCode('0100109106-001'); // { ok: true, value: '0100109106001' }
 */
export function checkTaxCode(input: string): CheckResult {
  const raw = strip(input);
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(raw);
  if (!m) {
    return fail('tax_code_format', 'tax code must be 10 digits, or 13 for a branch written 0101234567-001');
  }
  const head = m[1] as string;
  const branch = m[2];
  const expected = taxCodeCheckDigit(head.slice(0, 9));
  if (expected === null) {
    return fail('tax_code_check_digit', 'tax code is not valid: its first 9 digits give no possible check digit');
  }
  if (Number(head.charAt(9)) !== expected) {
    return fail('tax_code_check_digit', `tax code check digit should be ${expected}`);
  }
  if (branch === '000') return fail('tax_code_branch', 'tax code branch number must be 001–999');
  return { ok: true, value: branch === undefined ? head : head + branch };
}

export const ZTaxCodeSchema = zodFromCheck(checkTaxCode, 'Vietnamese tax code (MST): 10 digits, or 13 for a branch');
