/**
 * Plates as the gate sees them: a truck or trailer from either side of the
 * border. We pick the country from the first character (a digit = Vietnam, a
 * Chinese character = China) so the message can be specific; when neither
 * fits, the message lists both forms.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { CN_PLATE_FORMAT, CN_PROVINCES, CN_TRAILER_FORMAT, checkCnTrailerPlate, checkCnTruckPlate } from './cn-plate.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';
import { VN_PLATE_FORMAT, checkVnTrailerPlate, checkVnTruckPlate } from './vn-plate.ts';

export const PLATE_FORMAT = `a Vietnamese plate (${VN_PLATE_FORMAT}) or a Chinese plate (${CN_PLATE_FORMAT})`;
export const TRAILER_PLATE_FORMAT =
  `a Vietnamese trailer plate (2-digit province code + series R + 4–5 digits, e.g. 24R-012.34) or a Chinese trailer plate (${CN_TRAILER_FORMAT})`;

/** Which side issued the plate, judged from its first meaningful character. */
export function plateCountry(input: string): 'VN' | 'CN' | null {
  const first = normaliseIdentifier(input).charAt(0);
  if (/\d/.test(first)) return 'VN';
  if (first !== '' && CN_PROVINCES.includes(first)) return 'CN';
  return null;
}

function either(
  input: string,
  vn: (s: string) => CheckResult,
  cn: (s: string) => CheckResult,
  format: string,
  rule: string,
): CheckResult {
  const country = plateCountry(input);
  if (country === null) return fail(rule, `plate must be ${format}`);
  const r = country === 'VN' ? vn(input) : cn(input);
  // A plain shape error gets the two-country message: the user may be on the wrong side's form.
  if (!r.ok && /_format$/.test(r.rule)) return fail(rule, `plate must be ${format}`);
  return r;
}

/**
 * A truck plate from Vietnam or China (not a trailer).
 *
 * @example
 * checkPlate('24C-123.45'); // { ok: true, value: '24C12345' }
 * checkPlate('云G12345');   // { ok: true, value: '云G12345' }
 */
export function checkPlate(input: string): CheckResult {
  return either(input, checkVnTruckPlate, checkCnTruckPlate, PLATE_FORMAT, 'plate_format');
}

/**
 * A trailer plate from Vietnam (series R) or China (ends in 挂).
 *
 * @example
 * checkTrailerPlate('24R-012.34'); // { ok: true, value: '24R01234' }
 */
export function checkTrailerPlate(input: string): CheckResult {
  return either(input, checkVnTrailerPlate, checkCnTrailerPlate, TRAILER_PLATE_FORMAT, 'trailer_plate_format');
}

export const ZPlateSchema = zodFromCheck(checkPlate, `Truck plate: ${PLATE_FORMAT}`);
export const ZTrailerPlateSchema = zodFromCheck(checkTrailerPlate, `Trailer plate: ${TRAILER_PLATE_FORMAT}`);
