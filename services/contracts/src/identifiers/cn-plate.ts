/**
 * Chinese plates: province character + issuing-office letter + 5 characters
 * (6 for new-energy vehicles), e.g. `云G12345` (Hekou, Yunnan). Trailers end in
 * 挂 with 4 characters before it (`云G1234挂`). I and O are never used, to avoid
 * confusion with 1 and 0.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';

/** The 31 one-character province abbreviations of mainland China. */
export const CN_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
export const CN_PLATE_FORMAT = 'province character + letter + 5 letters/digits (6 for new-energy), e.g. 云G12345';
export const CN_TRAILER_FORMAT = 'province character + letter + 4 letters/digits + 挂, e.g. 云G1234挂';

const P = `[${CN_PROVINCES}]`;
const LETTER = '[A-HJ-NP-Z]';
const ALNUM = '[A-HJ-NP-Z0-9]';
const TRUCK = new RegExp(`^${P}${LETTER}${ALNUM}{5,6}$`, 'u');
const TRAILER = new RegExp(`^${P}${LETTER}${ALNUM}{4}挂$`, 'u');

/** Strips spaces, `-`, `.` and the middle dots people type (`云G·12345`), upper-cases. */
export function normaliseCnPlate(input: string): string {
  return input.replace(/[-.\s\u00a0·•・]/g, '').toUpperCase();
}

function diagnose(value: string, trailer: boolean): CheckResult {
  const first = value.charAt(0);
  if (!CN_PROVINCES.includes(first) || first === '') {
    return fail('cn_plate_province', `plate must start with a province character (${CN_PROVINCES}), e.g. 云G12345`);
  }
  if (/[IO]/.test(value)) return fail('cn_plate_no_i_o', 'Chinese plates never use the letters I or O');
  return trailer
    ? fail('cn_trailer_format', `trailer plate must be ${CN_TRAILER_FORMAT}`)
    : fail('cn_plate_format', `plate must be ${CN_PLATE_FORMAT}`);
}

/**
 * Any Chinese plate (truck or trailer).
 *
 * @example
 * checkCnPlate('云G 12345'); // { ok: true, value: '云G12345' }
 * checkCnPlate('云G1234挂'); // { ok: true, value: '云G1234挂' }
 */
export function checkCnPlate(input: string): CheckResult {
  const value = normaliseCnPlate(input);
  if (TRUCK.test(value) || TRAILER.test(value)) return { ok: true, value };
  return diagnose(value, value.endsWith('挂'));
}

/**
 * A Chinese truck plate (not ending in 挂).
 *
 * @example
 * checkCnTruckPlate('云GD12345'); // new-energy: { ok: true, value: '云GD12345' }
 */
export function checkCnTruckPlate(input: string): CheckResult {
  const value = normaliseCnPlate(input);
  if (TRUCK.test(value)) return { ok: true, value };
  if (TRAILER.test(value)) {
    return fail('cn_truck_is_trailer', 'plates ending in 挂 are trailers: enter it as the trailer plate');
  }
  return diagnose(value, false);
}

/**
 * A Chinese trailer plate (ends in 挂).
 *
 * @example
 * checkCnTrailerPlate('云G·1234挂'); // { ok: true, value: '云G1234挂' }
 */
export function checkCnTrailerPlate(input: string): CheckResult {
  const value = normaliseCnPlate(input);
  if (TRAILER.test(value)) return { ok: true, value };
  return diagnose(value, true);
}

export const ZCnPlateSchema = zodFromCheck(checkCnPlate, `Chinese plate: ${CN_PLATE_FORMAT}`);
export const ZCnTruckPlateSchema = zodFromCheck(checkCnTruckPlate, `Chinese truck plate: ${CN_PLATE_FORMAT}`);
export const ZCnTrailerPlateSchema = zodFromCheck(checkCnTrailerPlate, `Chinese trailer plate: ${CN_TRAILER_FORMAT}`);
