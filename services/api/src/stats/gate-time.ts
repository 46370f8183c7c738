/**
 * Times as the gate's people read them: Kim Thành and Lạng Sơn keep Vietnam's
 * time (Asia/Ho_Chi_Minh, UTC+07:00 all year, no daylight saving), so stats
 * are bucketed by the gate's clock hour and written with its offset.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;

/** The gates' offset from UTC in minutes (Asia/Ho_Chi_Minh). */
export const GATE_UTC_OFFSET_MIN = 7 * 60;

/**
 * RFC 3339 with the gate's offset.
 *
 * @example
 * gateTime(Date.parse('2026-11-21T01:00:00Z')); // '2026-11-21T08:00:00.000+07:00'
 */
export function gateTime(ms: number, offsetMin: number = GATE_UTC_OFFSET_MIN): string {
  const local = new Date(ms + offsetMin * MIN).toISOString().slice(0, -1);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The start of the gate's clock hour holding `ms` (for zones off by half an hour too).
 *
 * @example
 * gateHourStart(Date.parse('2026-11-21T01:50:00Z')); // Date.parse('2026-11-21T01:00:00Z')
 */
export function gateHourStart(ms: number, offsetMin: number = GATE_UTC_OFFSET_MIN): number {
  const shifted = ms + offsetMin * MIN;
  return Math.floor(shifted / HOUR) * HOUR - offsetMin * MIN;
}
