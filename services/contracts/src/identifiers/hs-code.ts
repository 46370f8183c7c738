/**
 * HS (tariff) codes at the national level: Vietnam uses 8 digits (AHTN),
 * China 10. Declarations print them with dots (`0810.90.10`), so we accept
 * dots and spaces and store digits only.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';

export type HsCountry = 'VN' | 'CN';
const LENGTH: Record<HsCountry, number> = { VN: 8, CN: 10 };

/** Strips dots and spaces: `0810.90.10` → `08109010`. */
export function normaliseHsCode(input: string): string {
  return input.replace(/[.\s\u00a0]/g, '');
}

/**
 * Without a country, 8 (VN) or 10 (CN) digits are both accepted.
 *
 * @example
 * checkHsCode('0810.90.10');             // { ok: true, value: '08109010' }
 * checkHsCode('0810901000', 'VN');       // { ok: false, rule: 'hs_code_length_vn', ... }
 */
export function checkHsCode(input: string, country?: HsCountry): CheckResult {
  const value = normaliseHsCode(input);
  if (!/^\d+$/.test(value)) {
    return fail('hs_code_digits', 'HS code must contain digits only (dots and spaces allowed), e.g. 0810.90.10');
  }
  if (country) {
    const n = LENGTH[country];
    if (value.length !== n) {
      return fail(`hs_code_length_${country.toLowerCase()}`, `HS code must be ${n} digits for ${country === 'VN' ? 'Vietnam' : 'China'}, e.g. ${country === 'VN' ? '0810.90.10' : '0810.9010.00'}`);
    }
  } else if (value.length !== 8 && value.length !== 10) {
    return fail('hs_code_length', 'HS code must be 8 digits (Vietnam) or 10 digits (China), e.g. 0810.90.10');
  }
  const chapter = Number(value.slice(0, 2));
  if (chapter < 1 || chapter > 97) {
    return fail('hs_code_chapter', `HS code chapter must be 01–97, got ${value.slice(0, 2)}`);
  }
  return { ok: true, value };
}

/** HS code of either country (8 or 10 digits). */
export const ZHsCodeSchema = zodFromCheck((s) => checkHsCode(s), 'HS code: 8 digits (Vietnam) or 10 (China)');
export const ZVnHsCodeSchema = zodFromCheck((s) => checkHsCode(s, 'VN'), 'Vietnamese HS code, 8 digits');
export const ZCnHsCodeSchema = zodFromCheck((s) => checkHsCode(s, 'CN'), 'Chinese HS code, 10 digits');
