/**
 * Chinese plates (GA 36-2018 "机动车号牌", Ministry of Public Security):
 * province character + issuing-office letter + 5 characters, e.g. `云G12345`
 * (Hekou, Yunnan). New-energy plates have 6 characters after the letter, the
 * first (small vehicles, `粤BD12345`) or the last (large vehicles, `云G12345D`)
 * being D (battery electric) or F (other new energy). Trailers end in 挂 with 4
 * characters before it (`云G1234挂`). Guangdong's cross-border plates for
 * Hong Kong and Macau vehicles are `粤Z` + 4 characters + 港 or 澳
 * (`粤Z1234港`). I and O are never used, to avoid confusion with 1 and 0.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

/** The 31 one-character province abbreviations of mainland China. */
export const CN_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
export const CN_PLATE_FORMAT = 'province character + letter + 5 letters/digits (6 for new-energy, starting or ending with D or F), e.g. 云G12345';
export const CN_TRAILER_FORMAT = 'province character + letter + 4 letters/digits + 挂, e.g. 云G1234挂';

const P = `[${CN_PROVINCES}]`;
const LETTER = '[A-HJ-NP-Z]';
const ALNUM = '[A-HJ-NP-Z0-9]';
/** Ordinary plate: 5 after the letter. */
const ORDINARY = new RegExp(`^${P}${LETTER}${ALNUM}{5}$`, 'u');
/** New-energy plate: 6 after the letter, D or F first or last. */
const NEW_ENERGY = new RegExp(`^${P}${LETTER}(?:[DF]${ALNUM}{5}|${ALNUM}{5}[DF])$`, 'u');
/** Any 6 after the letter: a new-energy shape without its D/F. */
const SIX = new RegExp(`^${P}${LETTER}${ALNUM}{6}$`, 'u');
/** Guangdong's plates for Hong Kong / Macau cross-border vehicles. */
const HK_MACAU = new RegExp(`^粤Z${ALNUM}{4}[港澳]$`, 'u');
const TRAILER = new RegExp(`^${P}${LETTER}${ALNUM}{4}挂$`, 'u');

const isTruck = (value: string): boolean => ORDINARY.test(value) || NEW_ENERGY.test(value) || HK_MACAU.test(value);

/**
 * After {@link normaliseIdentifier}: strips spaces, `-`, `.` and the middle dots people type
 * (`云G·12345`), upper-cases.
 *
 * @example
 * normaliseCnPlate('云Ｇ·１２３４５'); // '云G12345'
 */
export function normaliseCnPlate(input: string): string {
  return normaliseIdentifier(input).replace(/[-.\s·•・]/g, '').toUpperCase();
}

function diagnose(value: string, trailer: boolean): CheckResult {
  const first = value.charAt(0);
  if (!CN_PROVINCES.includes(first) || first === '') {
    return fail('cn_plate_province', `plate must start with a province character (${CN_PROVINCES}), e.g. 云G12345`);
  }
  if (/[IO]/.test(value)) return fail('cn_plate_no_i_o', 'Chinese plates never use the letters I or O');
  if (!trailer && SIX.test(value)) {
    return fail('cn_plate_new_energy', 'a plate with 6 characters after the letter is a new-energy plate and must start or end with D or F, e.g. 粤BD12345');
  }
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
  if (isTruck(value) || TRAILER.test(value)) return { ok: true, value };
  return diagnose(value, value.endsWith('挂'));
}

/**
 * A Chinese truck plate (not ending in 挂).
 *
 * @example
 * checkCnTruckPlate('粤BD12345'); // new-energy: { ok: true, value: '粤BD12345' }
 * checkCnTruckPlate('粤Z1234港'); // Hong Kong cross-border: { ok: true, value: '粤Z1234港' }
 */
export function checkCnTruckPlate(input: string): CheckResult {
  const value = normaliseCnPlate(input);
  if (isTruck(value)) return { ok: true, value };
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
