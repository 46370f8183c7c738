/**
 * Vietnamese vehicle plates: `24C-123.45` = province code 24 (Lào Cai) +
 * series C + number 123.45. Trailers and semi-trailers use series R
 * (`24R-012.34`). Separators vary by who typed the plate, so we compare the
 * normalised form `24C12345`, but only after checking the written grouping:
 * five digits are three, a dot (or space), two; four digits are not split.
 * A letter is never read as a digit (`24C-I23.45` is an error, not `24CI-2345`).
 */
import { fail, zodFromCheck, type CheckResult } from './check-result.ts';
import { normaliseIdentifier } from './normalise-identifier.ts';

export const VN_PLATE_FORMAT = '2-digit province code + series + 4–5 digits, e.g. 24C-123.45';

/**
 * Province codes in use on plates: Thông tư 24/2023/TT-BCA (Bộ Công an, vehicle registration),
 * Phụ lục 02 "Ký hiệu biển số xe ô tô – mô tô trong nước", which keeps the codes of Thông tư
 * 58/2020/TT-BCA; 80 is issued to vehicles of central agencies. The 2025 merger of provinces did
 * not withdraw any code. Not in use: 01–10, 13, 42, 44, 45, 46, 87, 91, 96.
 */
export const VN_PROVINCE_CODES: ReadonlySet<string> = new Set(
  [
    '11', '12', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28',
    '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41', '43', '47', '48', '49',
    '50', '51', '52', '53', '54', '55', '56', '57', '58', '59', '60', '61', '62', '63', '64', '65', '66',
    '67', '68', '69', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '80', '81', '82', '83',
    '84', '85', '86', '88', '89', '90', '92', '93', '94', '95', '97', '98', '99',
  ],
);

/**
 * Series letters: the Latin alphabet without I, J, O, Q and W (Thông tư 24/2023/TT-BCA, Điều 37:
 * I, O and Q read as 1 and 0, J and W are not Vietnamese letters). R is the trailer series.
 */
const SERIES_LETTER = /^[A-HK-NPR-VX-Z]+$/;

/**
 * The written shape: province, optional `-`/space, 1–2 series letters, optional `-`/space, then
 * `123.45` / `123 45` / `12345` or `1234`. Anchored at both ends.
 */
const WRITTEN = /^(\d{2})[-\s]?([A-Z]{1,2})[-\s]?(?:(\d{3})[.\s]?(\d{2})|(\d{4}))$/;

/**
 * Separators out, upper-cased, after {@link normaliseIdentifier}: the form plates are stored and
 * compared in. Use {@link checkVnPlate} on user input: this function does not validate.
 *
 * @example
 * normaliseVnPlate('24c–123.45'); // '24C12345'
 */
export function normaliseVnPlate(input: string): string {
  return normaliseIdentifier(input).replace(/[-.\s]/g, '').toUpperCase();
}

/**
 * Any Vietnamese plate (truck or trailer).
 *
 * @example
 * checkVnPlate('24c-123.45'); // { ok: true, value: '24C12345' }
 * checkVnPlate('24C-123.4');  // { ok: false, rule: 'vn_plate_grouping', ... }
 * checkVnPlate('10C-123.45'); // { ok: false, rule: 'vn_plate_province', ... }
 */
export function checkVnPlate(input: string): CheckResult {
  // Spaces around the dash (`24C - 123.45`) are the typist's, not the plate's.
  const written = normaliseIdentifier(input).toUpperCase().replace(/\s+/g, ' ').replace(/ ?- ?/g, '-');
  const m = WRITTEN.exec(written);
  if (!m) {
    // Right letters and digit count but a dot or space in the wrong place: say so, don't guess.
    const rest = /^\d{2}[-\s]?[A-Z]{1,2}[-\s]?([\d.\s]+)$/.exec(written)?.[1];
    if (rest !== undefined && /[.\s]/.test(rest) && /^\d{4,5}$/.test(rest.replace(/[.\s]/g, ''))) {
      return fail('vn_plate_grouping', 'plate number must be written 123.45 (five digits) or 1234 (four digits), e.g. 24C-123.45');
    }
    return fail('vn_plate_format', `plate must be ${VN_PLATE_FORMAT}`);
  }
  const [, province, series] = m as unknown as [string, string, string];
  if (!VN_PROVINCE_CODES.has(province)) {
    return fail('vn_plate_province', `plate province code must be one in use (11–99 except 13, 42, 44–46, 87, 91, 96), got ${province}`, { got: province });
  }
  if (!SERIES_LETTER.test(series)) {
    return fail('vn_plate_series', `plate series letters never include I, J, O, Q or W, got ${series}`, { got: series });
  }
  return { ok: true, value: written.replace(/[-.\s]/g, '') };
}

/** True when a normalised, valid VN plate is a trailer's (series R). */
export function isVnTrailerSeries(normalised: string): boolean {
  return /^\d{2}R\d{4,5}$/.test(normalised);
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
