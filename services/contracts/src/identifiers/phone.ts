/**
 * Drivers' phone numbers, for call-up SMS. Vietnamese (`0912 345 678`,
 * `+84 912 345 678`) and Chinese (`+86 138 0000 0000`) numbers are typed with
 * all kinds of separators; we keep `+` and digits.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

/** Strips spaces, dots, dashes and parentheses. */
export function normalisePhone(input: string): string {
  return normaliseIdentifier(input).replace(/[\s.()-]/g, '');
}

/**
 * @example
 * checkPhone('+84 912-345-678'); // { ok: true, value: '+84912345678' }
 */
export function checkPhone(input: string): CheckResult {
  const value = normalisePhone(input);
  if (!/^\+?\d{8,15}$/.test(value)) {
    return fail('phone_format', 'phone must be 8–15 digits, optionally starting with +, e.g. +84 912 345 678');
  }
  return { ok: true, value };
}

export const ZPhoneSchema = zodFromCheck(checkPhone, 'Phone number, e.g. +84 912 345 678');
