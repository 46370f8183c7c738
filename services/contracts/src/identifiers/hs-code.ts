/**
 * HS (tariff) codes. The first 6 digits are the international Harmonized
 * System (WCO HS Nomenclature 2022); Vietnam extends them to 8 (AHTN 2022,
 * Thông tư 31/2022/TT-BTC), China to 10 (中华人民共和国海关进出口税则). A
 * declaration that gives only the 6-digit subheading ("heading level") is
 * accepted as such. Declarations print codes with dots (`0810.90.10`), so we
 * accept dots and spaces and store digits only.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

export type HsCountry = 'VN' | 'CN';
const LENGTH: Record<HsCountry, number> = { VN: 8, CN: 10 };
/** The international level every country shares. */
export const HS_HEADING_DIGITS = 6;
/**
 * Chapter 77 is "reserved for possible future use" in the HS Nomenclature; 98 and 99 are left to
 * national use (WCO HS 2022, General Rules and Section XV note). Chapters 01–97 except 77 exist.
 */
const RESERVED_CHAPTER = '77';

/** Strips dots and spaces after {@link normaliseIdentifier}: `0810.90.10` → `08109010`. */
export function normaliseHsCode(input: string): string {
  return normaliseIdentifier(input).replace(/[.\s]/g, '');
}

function lengthFail(country: HsCountry | undefined): CheckResult {
  if (!country) {
    return fail('hs_code_length', 'HS code must be 6 digits (heading level), 8 digits (Vietnam) or 10 digits (China), e.g. 0810.90.10');
  }
  const n = LENGTH[country];
  return fail(
    `hs_code_length_${country.toLowerCase()}`,
    `HS code must be 6 digits (heading level) or ${n} digits for ${country === 'VN' ? 'Vietnam' : 'China'}, e.g. ${country === 'VN' ? '0810.90.10' : '0810.9010.00'}`,
  );
}

/**
 * Without a country, 6 (heading level), 8 (VN) or 10 (CN) digits are accepted; with one, 6 or
 * that country's length.
 *
 * @example
 * checkHsCode('0810.90.10');             // { ok: true, value: '08109010' }
 * checkHsCode('0810.90');                // heading only: { ok: true, value: '081090' }
 * checkHsCode('0810901000', 'VN');       // { ok: false, rule: 'hs_code_length_vn', ... }
 */
export function checkHsCode(input: string, country?: HsCountry): CheckResult {
  const value = normaliseHsCode(input);
  if (!/^\d+$/.test(value)) {
    return fail('hs_code_digits', 'HS code must contain digits only (dots and spaces allowed), e.g. 0810.90.10');
  }
  const lengths = country ? [HS_HEADING_DIGITS, LENGTH[country]] : [HS_HEADING_DIGITS, LENGTH.VN, LENGTH.CN];
  if (!lengths.includes(value.length)) return lengthFail(country);
  const chapter = value.slice(0, 2);
  if (chapter < '01' || chapter > '97' || chapter === RESERVED_CHAPTER) {
    return fail('hs_code_chapter', `HS code chapter must be 01–97 (77 is reserved), got ${chapter}`, { got: chapter });
  }
  return { ok: true, value };
}

/** HS code of either country (6, 8 or 10 digits). */
export const ZHsCodeSchema = zodFromCheck((s) => checkHsCode(s), 'HS code: 6 digits (heading level), 8 (Vietnam) or 10 (China)');
export const ZVnHsCodeSchema = zodFromCheck((s) => checkHsCode(s, 'VN'), 'Vietnamese HS code, 8 digits (or the 6-digit heading)');
export const ZCnHsCodeSchema = zodFromCheck((s) => checkHsCode(s, 'CN'), 'Chinese HS code, 10 digits (or the 6-digit heading)');
