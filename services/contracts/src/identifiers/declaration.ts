/**
 * VNACCS customs declaration numbers ("số tờ khai"): 12 digits. The first 11
 * identify the declaration; the 12th counts amendments, so `…0` and `…1` are
 * the same declaration before and after one amendment.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';

/** Strips spaces, dots and dashes (people copy numbers from printed forms). */
export function normaliseDeclarationNumber(input: string): string {
  return input.replace(/[-.\s\u00a0]/g, '');
}

/**
 * @example
 * checkDeclarationNumber('305123456780'); // { ok: true, value: '305123456780' }
 */
export function checkDeclarationNumber(input: string): CheckResult {
  const value = normaliseDeclarationNumber(input);
  if (!/^\d{12}$/.test(value)) {
    return fail('declaration_format', 'declaration number must be exactly 12 digits (VNACCS), e.g. 305123456780');
  }
  return { ok: true, value };
}

/**
 * The identity of a declaration across amendments: its first 11 digits.
 *
 * @example
 * declarationKey('305123456781'); // '30512345678'
 */
export function declarationKey(n: string): string {
  return normaliseDeclarationNumber(n).slice(0, 11);
}

/**
 * How many times the declaration was amended: the 12th digit.
 *
 * @example
 * declarationAmendment('305123456781'); // 1
 */
export function declarationAmendment(n: string): number {
  return Number(normaliseDeclarationNumber(n).charAt(11));
}

export const ZDeclarationNumberSchema = zodFromCheck(checkDeclarationNumber, 'VNACCS declaration number, 12 digits');
