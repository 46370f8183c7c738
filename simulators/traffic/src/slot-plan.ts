/**
 * How the demo feeder books like every other user (issue 12, item 8): which slots a new trip asks
 * for, when its truck then arrives, and how many trucks an hour the capacity plan calls for.
 * Pure functions of the clock and the public slot feed; the API decides every booking.
 *
 * Chosen where the issue is silent: a fleet books the first hour the rules let it (the cut-off
 * before a slot, DEFAULT_BOOKING_RULES), trying a few hours in a row when one is full, and its
 * truck comes well inside the arrival window (half the grace either side of the start), as a
 * dispatcher who wants the appointment's priority would plan it. Slots are real hours: the
 * feeder's `speed` makes lanes faster, never the gate's clock.
 */
import { DEFAULT_POLICY, type SlotAvailability } from '@borderflow/contracts';
import { DEFAULT_BOOKING_RULES, HOUR_MS } from '@borderflow/scheduler';
import type { Random } from './random.ts';

/** Default share of the capacity plan's slots the feeder fills (a busy gate, not a saturated one). */
export const DEFAULT_UTILISATION = 0.6;

/** Hours a trip tries in a row before it comes without a slot (a walk-in). */
export const HOURS_TRIED = 3;

/**
 * The slot starts a trip registered at `now` asks for, earliest first: the first whole hour past
 * the cut-off, and the next ones.
 *
 * @example slotsToTry(Date.parse('2026-12-06T07:10:00Z')) // 10:00, 11:00, 12:00 (UTC) with the 2 h cut-off
 */
export function slotsToTry(now: number, cutoffMs: number = DEFAULT_BOOKING_RULES.cutoffMs, hours: number = HOURS_TRIED): number[] {
  const first = Math.ceil((now + cutoffMs) / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => first + i * HOUR_MS);
}

/**
 * When a booked truck reaches the yard: inside the slot's arrival window (start ± grace), at most
 * half the grace from the start, so a slow check-in still counts as on time.
 *
 * @example arrivalInWindow(rnd, slotStart) // slotStart − 15 min … slotStart + 15 min
 */
export function arrivalInWindow(rnd: Random, slotStart: number, graceMs: number = DEFAULT_POLICY.appointmentGraceMs): number {
  return Math.round(rnd.between(slotStart - graceMs / 2, slotStart + graceMs / 2));
}

/**
 * Trucks per (real) hour the feeder sends in the hour starting at `hourStart`: `utilisation` of
 * every slot the capacity plan offers in that hour, both directions and every class.
 *
 * @example planRatePerHour(feed, hourStart, 0.6) // 0.6 × the hour's slots
 */
export function planRatePerHour(feed: Pick<SlotAvailability, 'hours'>, hourStart: number, utilisation: number): number {
  if (utilisation <= 0) return 0;
  const slots = feed.hours.filter((h) => Date.parse(h.start) === hourStart).reduce((n, h) => n + h.capacity, 0);
  return Math.min(1, utilisation) * slots;
}

/**
 * The gate's local date of an instant ('YYYY-MM-DD'): the public slot feed is asked per local date.
 *
 * @example localDate(Date.parse('2026-12-06T18:00:00Z'), 'Asia/Ho_Chi_Minh') // '2026-12-07'
 */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}
