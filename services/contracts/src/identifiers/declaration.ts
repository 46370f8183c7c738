/**
 * VNACCS customs declaration numbers ("số tờ khai"): 12 digits. The first 11
 * identify the declaration; the 12th counts amendments, so `…0` and `…1` are
 * the same declaration before and after one amendment.
 *
 * The first digit names the kind of declaration (Tổng cục Hải quan, VNACCS/VCIS
 * "Hướng dẫn nhập liệu", chỉ tiêu "Số tờ khai"; Thông tư 38/2015/TT-BTC as
 * amended by 39/2018/TT-BTC, Phụ lục II): 1 = import (IDA/IDC, and MIC for low
 * value), 3 = export (EDA/EDC, MEC). Trips through a road gate carry import or
 * export declarations; other first digits (e.g. transit or temporary
 * import/re-export of means of transport, declared on other forms) are not
 * accepted here.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

/** What the first digit of a declaration number says. */
export const DECLARATION_KIND = { '1': 'import', '3': 'export' } as const;
export type DeclarationKind = (typeof DECLARATION_KIND)[keyof typeof DECLARATION_KIND];

/** Strips spaces, dots and dashes (people copy numbers from printed forms). */
export function normaliseDeclarationNumber(input: string): string {
  return normaliseIdentifier(input).replace(/[-.\s]/g, '');
}

/**
 * @example
 * checkDeclarationNumber('305123456780'); // { ok: true, value: '305123456780' }
 * checkDeclarationNumber('505123456780'); // { ok: false, rule: 'declaration_kind', ... }
 */
export function checkDeclarationNumber(input: string): CheckResult {
  const value = normaliseDeclarationNumber(input);
  if (!/^\d{12}$/.test(value)) {
    return fail('declaration_format', 'declaration number must be exactly 12 digits (VNACCS), e.g. 305123456780');
  }
  if (!(value.charAt(0) in DECLARATION_KIND)) {
    return fail('declaration_kind', `declaration number must start with 1 (import) or 3 (export), got ${value.charAt(0)}`, { got: value.charAt(0) });
  }
  return { ok: true, value };
}

/**
 * Import or export, from the first digit of a valid declaration number.
 *
 * @example
 * declarationKind('105123456780'); // 'import'
 */
export function declarationKind(n: string): DeclarationKind | null {
  const first = normaliseDeclarationNumber(n).charAt(0);
  return first === '1' || first === '3' ? DECLARATION_KIND[first] : null;
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

export const ZDeclarationNumberSchema = zodFromCheck(checkDeclarationNumber, 'VNACCS declaration number, 12 digits starting with 1 (import) or 3 (export)');
