/**
 * ISO 6346 container numbers: owner code (3 letters) + category (U freight,
 * J detachable equipment, Z trailer/chassis) + 6-digit serial + check digit,
 * e.g. `CSQU3054383`. The check digit catches most typos, so we enforce it.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

const SHAPE = /^[A-Z]{3}[UJZ]\d{6}\d$/;

/** Letter values: A=10 upwards, skipping multiples of 11 (11, 22, 33). */
function letterValue(ch: string): number {
  let v = 10;
  for (let c = 'A'.charCodeAt(0); c < ch.charCodeAt(0); c++) {
    v++;
    if (v % 11 === 0) v++;
  }
  return v;
}

/**
 * The ISO 6346 check digit of the first 10 characters (owner+category+serial).
 *
 * @example
 * containerCheckDigit('CSQU305438'); // 3
 */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10.charAt(i);
    const v = /\d/.test(ch) ? Number(ch) : letterValue(ch);
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** Strips spaces and dashes, upper-cases: `csqu 305438-3` → `CSQU3054383`. */
export function normaliseContainerNumber(input: string): string {
  return normaliseIdentifier(input).replace(/[-\s]/g, '').toUpperCase();
}

/**
 * @example
 * checkContainerNumber('CSQU 305438 3'); // { ok: true, value: 'CSQU3054383' }
 * checkContainerNumber('CSQU3054384');   // { ok: false, rule: 'container_check_digit', message: 'container number check digit should be 3', params: { expected: '3' } }
 */
export function checkContainerNumber(input: string): CheckResult {
  const value = normaliseContainerNumber(input);
  if (!SHAPE.test(value)) {
    return fail(
      'container_format',
      'container number must be 3-letter owner code + U, J or Z + 6 digits + check digit, e.g. CSQU3054383',
    );
  }
  const expected = containerCheckDigit(value.slice(0, 10));
  if (Number(value.charAt(10)) !== expected) {
    return fail('container_check_digit', `container number check digit should be ${expected}`, { expected: String(expected) });
  }
  return { ok: true, value };
}

export const ZContainerNumberSchema = zodFromCheck(checkContainerNumber, 'ISO 6346 container number, e.g. CSQU3054383');
