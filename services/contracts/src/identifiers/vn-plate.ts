/**
 * Vietnamese vehicle plates: `24C-123.45` = province code 24 (Lào Cai) +
 * series C + number 123.45. Trailers and semi-trailers use series R
 * (`24R-012.34`). Separators vary by who typed the plate, so we compare the
 * normalised form `24C12345`.
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';

export const VN_PLATE_FORMAT = '2-digit province code + series + 4–5 digits, e.g. 24C-123.45';
const SHAPE = /^(\d{2})([A-Z]{1,2})(\d{4,5})$/;

/** Strips `-`, `.`, spaces (incl. non-breaking) and upper-cases. */
export function normaliseVnPlate(input: string): string {
  return input.replace(/[-.\s\u00a0]/g, '').toUpperCase();
}

/**
 * Any Vietnamese plate (truck or trailer).
 *
 * @example
 * checkVnPlate('24c-123.45'); // { ok: true, value: '24C12345' }
 * checkVnPlate('10C-123.45'); // { ok: false, rule: 'vn_plate_province', ... }
 */
export function checkVnPlate(input: string): CheckResult {
  const value = normaliseVnPlate(input);
  const m = SHAPE.exec(value);
  if (!m) return fail('vn_plate_format', `plate must be ${VN_PLATE_FORMAT}`);
  const province = Number(m[1]);
  if (province < 11) {
    return fail('vn_plate_province', `plate province code must be 11–99, got ${m[1]}`);
  }
  return { ok: true, value };
}

/** True when a normalised, valid VN plate is a trailer's (series R). */
export function isVnTrailerSeries(normalised: string): boolean {
  return SHAPE.exec(normalised)?.[2] === 'R';
}

/**
 * A trailer / semi-trailer plate: series must be R.
 *
 * @example
 * checkVnTrailerPlate('24R-012.34'); // { ok: true, value: '24R01234' }
 */
export function checkVnTrailerPlate(input: string): CheckResult {
  const r = checkVnPlate(input);
  if (!r.ok) {
    return r.rule === 'vn_plate_format'
      ? fail('vn_plate_format', 'trailer plate must be 2-digit province code + series R + 4–5 digits, e.g. 24R-012.34')
      : r;
  }
  if (!isVnTrailerSeries(r.value)) {
    return fail('vn_trailer_series', 'trailer plate must use series R, e.g. 24R-012.34');
  }
  return r;
}

/**
 * A truck (tractor/lorry) plate: any series except R, which belongs to trailers.
 *
 * @example
 * checkVnTruckPlate('24C-1234'); // { ok: true, value: '24C1234' }
 * checkVnTruckPlate('24R-012.34'); // { ok: false, rule: 'vn_truck_series_r', ... }
 */
export function checkVnTruckPlate(input: string): CheckResult {
  const r = checkVnPlate(input);
  if (r.ok && isVnTrailerSeries(r.value)) {
    return fail('vn_truck_series_r', 'series R is for trailers: enter it as the trailer plate, not the truck plate');
  }
  return r;
}

export const ZVnPlateSchema = zodFromCheck(checkVnPlate, `Vietnamese plate: ${VN_PLATE_FORMAT}`);
export const ZVnTruckPlateSchema = zodFromCheck(checkVnTruckPlate, `Vietnamese truck plate: ${VN_PLATE_FORMAT}`);
export const ZVnTrailerPlateSchema = zodFromCheck(checkVnTrailerPlate, 'Vietnamese trailer plate, series R, e.g. 24R-012.34');
