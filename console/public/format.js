// Pure formatting helpers of the lane board. Plain JavaScript (typed with
// JSDoc and checked by tsc) because the board is served as-is, without a
// build step; console/src/format.ts re-exports them for tests and reuse.

/**
 * Formats a duration as `m:ss`, or `h:mm:ss` from one hour up.
 * Negative values (clock skew) show as 0:00; null/undefined as an em dash.
 *
 * @example
 * formatDuration(75_000);    // "1:15"
 * formatDuration(3_725_000); // "1:02:05"
 * @param {number | null | undefined} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Rounds a duration to whole minutes for "about" figures (ETAs, expected
 * service times): at least 1 once it is positive.
 *
 * @example
 * roundMinutes(90_000); // 2
 * roundMinutes(0);      // 0
 * @param {number} ms
 * @returns {number}
 */
export function roundMinutes(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.max(1, Math.round(ms / 60_000));
}

// Normalised Vietnamese plate (as contracts' checkVnPlate accepts it):
// province (2 digits) + series (1–2 letters) + 4 or 5 digits, e.g. 24C12345.
const VN_PLATE = /^(\d{2})([A-Z]{1,2})(\d{4,5})$/;
// Chinese plate: province character + letter + serial (trailers end in 挂).
const CN_PLATE = /^(\p{Script=Han})([A-Z])([A-Z0-9]{4,5}\p{Script=Han}?)$/u;

/**
 * Writes a plate the way it is painted on the truck, whatever the input
 * spacing: `24C12345` → `24C-123.45`, `24C1234` → `24C-1234`,
 * `云G12345` → `云G·12345`. Unknown formats come back trimmed and upper-cased.
 *
 * @example
 * formatPlate('24c 123 45'); // "24C-123.45"
 * @param {string | null | undefined} plate
 * @returns {string}
 */
export function formatPlate(plate) {
  if (!plate) return '—';
  const compact = plate.toUpperCase().replace(/[\s.\-·]/g, '');
  const vn = VN_PLATE.exec(compact);
  if (vn) {
    const [, province = '', series = '', digits = ''] = vn;
    const number = digits.length === 5 ? `${digits.slice(0, 3)}.${digits.slice(3)}` : digits;
    return `${province}${series}-${number}`;
  }
  const cn = CN_PLATE.exec(compact);
  if (cn) return `${cn[1]}${cn[2]}·${cn[3]}`;
  return plate.trim().toUpperCase();
}

/**
 * How far a lane is through its expected service time.
 * `ratio` is elapsed / expected (null when nothing is expected yet);
 * `overdue` once elapsed passes the expectation.
 *
 * @example
 * serviceProgress(90_000, 60_000); // { ratio: 1.5, overdue: true }
 * @param {number | null} elapsedMs
 * @param {number | null} expectedMs
 * @returns {{ ratio: number | null, overdue: boolean }}
 */
export function serviceProgress(elapsedMs, expectedMs) {
  if (elapsedMs === null || expectedMs === null || expectedMs <= 0) return { ratio: null, overdue: false };
  const ratio = Math.max(0, elapsedMs) / expectedMs;
  return { ratio, overdue: ratio > 1 };
}
