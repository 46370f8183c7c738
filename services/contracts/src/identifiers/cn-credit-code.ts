/**
 * China's unified social credit code (统一社会信用代码, GB 32100-2015): the
 * 18-character tax id of a Chinese company, the counterpart of a Vietnamese
 * MST on the far side of the border. Alphabet: digits and upper-case letters
 * without I, O, S, V, Z; the 18th character is a mod-31 check character.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * The check character for the first 17 characters.
 *
 * @example
 * cnCreditCodeCheckChar('91350100M000100Y4'); // '3'
 */
export function cnCreditCodeCheckChar(first17: string): string {
  let sum = 0;
  WEIGHTS.forEach((w, i) => {
    sum += ALPHABET.indexOf(first17.charAt(i)) * w;
  });
  const c = 31 - (sum % 31);
  return ALPHABET.charAt(c === 31 ? 0 : c);
}

/**
 * Validates and normalises (spaces and dashes stripped, upper-cased) a unified social credit code.
 *
 * @example
 * checkCnCreditCode('91350100M000100Y43'); // { ok: true, value: '91350100M000100Y43' }
 * checkCnCreditCode('91350100M000100Y44'); // { ok: false, rule: 'cn_credit_code_check', ... }
 */
export function checkCnCreditCode(input: string): CheckResult {
  const value = normaliseIdentifier(input).replace(/[-\s]/g, '').toUpperCase();
  if (!SHAPE.test(value)) {
    return fail('cn_credit_code_format', 'credit code must be 18 digits/letters (no I, O, S, V, Z), e.g. 91350100M000100Y43');
  }
  const expected = cnCreditCodeCheckChar(value);
  if (value.charAt(17) !== expected) {
    return fail('cn_credit_code_check', `credit code check character should be ${expected}`, { expected: String(expected) });
  }
  return { ok: true, value };
}

export const ZCnCreditCodeSchema = zodFromCheck(checkCnCreditCode, 'Chinese unified social credit code, 18 characters');
