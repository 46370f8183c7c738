/**
 * The booking rules, in one place (DESIGN.md "Slots"): how far ahead, how often a booking may move,
 * the arrival window that earns appointment priority, and the suspension after no-shows.
 * Pure functions of time and counts; the API enforces them and the Lua ledger keeps the counts.
 *
 * Chosen where the issue is silent (as GoSwift and eCherha drivers would expect):
 * - one-hour slots; arriving from `grace` before the slot's start until `grace` after it is on time and
 *   keeps the slot's place in the yard (Hamburg/Portbase run ±30 min windows). The grace is the
 *   policy's appointment grace (contracts/policy.ts), so the scheduler honours exactly the arrivals
 *   this file calls on time;
 * - earlier than that, check-in is refused with the time the truck may come (it waits outside the yard);
 * - later than that, the truck joins the ordinary queue (GoSwift: an hour late goes to the back);
 * - a booking never arrived by the window's close is a no-show.
 */
import { DEFAULT_POLICY } from '@borderflow/contracts';

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BookingRules {
  /** Book up to this many days ahead. */
  horizonDays: number;
  /** Times one booking may be moved. */
  maxReschedules: number;
  /** No reschedule (and no new booking) this close to the slot's start. */
  cutoffMs: number;
  /** Arrival window around the slot. */
  graceMs: number;
  /** No-shows within `noShowWindowDays` that suspend booking... */
  noShowLimit: number;
  noShowWindowDays: number;
  /** ...for this many days after the last of them. */
  suspensionDays: number;
  /** Active bookings one account (a forwarder's dispatcher, a driver) may hold at once. */
  accountQuota: number;
  /** Active bookings one company may hold at once. */
  companyQuota: number;
  /** How long a freed slot offered to the head of its waiting list stays open before the next in line gets it. */
  offerMs: number;
  /** Hour (gate local time) at which the slots of a day open, `horizonDays` before it. */
  releaseHour: number;
  /** Requests sent in this window after a release are drawn in a random order, not served first come. */
  releaseWindowMs: number;
  /** Waiting lists one trip may be on at once (a driver waits for a few hours, not for every hour of a week). */
  waitlistsPerTrip: number;
}

export const DEFAULT_BOOKING_RULES: BookingRules = {
  horizonDays: 14,
  maxReschedules: 2,
  cutoffMs: 2 * HOUR_MS,
  graceMs: DEFAULT_POLICY.appointmentGraceMs,
  noShowLimit: 2,
  noShowWindowDays: 90,
  suspensionDays: 14,
  accountQuota: 4,
  companyQuota: 200,
  offerMs: 15 * 60_000,
  releaseHour: 8,
  releaseWindowMs: 60_000,
  waitlistsPerTrip: 3,
};

/**
 * Rules with BOOKING_* environment overrides (whole numbers; hours for the cut-off).
 *
 * @example bookingRulesFrom({ BOOKING_HORIZON_DAYS: '90' }).horizonDays // 90
 */
export function bookingRulesFrom(env: Record<string, string | undefined>): BookingRules {
  const num = (name: string, fallback: number): number => {
    const v = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
  };
  const d = DEFAULT_BOOKING_RULES;
  return {
    horizonDays: num('BOOKING_HORIZON_DAYS', d.horizonDays),
    maxReschedules: num('BOOKING_MAX_RESCHEDULES', d.maxReschedules),
    cutoffMs: num('BOOKING_CUTOFF_HOURS', d.cutoffMs / HOUR_MS) * HOUR_MS,
    // Not an environment setting: the grace is the policy's, the one the scheduler applies.
    graceMs: d.graceMs,
    noShowLimit: Math.max(1, num('BOOKING_NO_SHOW_LIMIT', d.noShowLimit)),
    noShowWindowDays: num('BOOKING_NO_SHOW_WINDOW_DAYS', d.noShowWindowDays),
    suspensionDays: num('BOOKING_SUSPENSION_DAYS', d.suspensionDays),
    accountQuota: Math.max(1, num('BOOKING_ACCOUNT_QUOTA', d.accountQuota)),
    companyQuota: Math.max(1, num('BOOKING_COMPANY_QUOTA', d.companyQuota)),
    releaseHour: Math.min(23, num('BOOKING_RELEASE_HOUR', d.releaseHour)),
    releaseWindowMs: num('BOOKING_RELEASE_WINDOW_SECONDS', d.releaseWindowMs / 1000) * 1000,
    offerMs: Math.max(1, num('BOOKING_OFFER_MINUTES', d.offerMs / 60_000)) * 60_000,
    waitlistsPerTrip: Math.max(1, num('BOOKING_WAITLISTS_PER_TRIP', d.waitlistsPerTrip)),
  };
}

/** A rule a request broke: the rule's name (for the message catalogue), the field and the English message. */
export interface RuleBreak {
  rule: 'slot_not_on_hour' | 'slot_in_past' | 'slot_beyond_horizon' | 'within_cutoff' | 'reschedules_used' | 'same_slot';
  field: string;
  message: string;
}

/**
 * Whether a slot starting at `slotStart` may be booked now; null when it may.
 *
 * @example bookingBreak(Date.parse('2026-12-06T08:30:00Z'), now, rules)?.rule // 'slot_not_on_hour'
 */
export function bookingBreak(slotStart: number, now: number, rules: BookingRules, releasedAt?: number): RuleBreak | null {
  if (slotStart % HOUR_MS !== 0) return { rule: 'slot_not_on_hour', field: 'slotStart', message: 'Slots start on the hour' };
  if (slotStart - now < rules.cutoffMs) {
    return slotStart <= now
      ? { rule: 'slot_in_past', field: 'slotStart', message: 'This slot has already started' }
      : { rule: 'within_cutoff', field: 'slotStart', message: `Slots close ${rules.cutoffMs / HOUR_MS} h before they start` };
  }
  // A gate that publishes release times opens a whole day at once (fair-release); else a rolling horizon.
  if (releasedAt !== undefined ? now < releasedAt : slotStart - now > rules.horizonDays * DAY_MS) {
    return { rule: 'slot_beyond_horizon', field: 'slotStart', message: `Slots can be booked at most ${rules.horizonDays} days ahead` };
  }
  return null;
}

/**
 * Whether a booking of `current` (moved `reschedules` times) may move to `next`; null when it may.
 * The cut-off counts from the booking's current slot: a driver cannot dodge a no-show by moving at the last minute.
 *
 * @example rescheduleBreak({ slotStart: t, reschedules: 2 }, t + HOUR_MS, now, rules)?.rule // 'reschedules_used'
 */
export function rescheduleBreak(current: { slotStart: number; reschedules: number }, next: number, now: number, rules: BookingRules): RuleBreak | null {
  if (current.reschedules >= rules.maxReschedules) {
    return { rule: 'reschedules_used', field: 'slotStart', message: `A booking can be moved at most ${rules.maxReschedules} times; cancel it and book again` };
  }
  if (current.slotStart - now < rules.cutoffMs) {
    return { rule: 'within_cutoff', field: 'slotStart', message: `A booking cannot be moved within ${rules.cutoffMs / HOUR_MS} h of its slot` };
  }
  if (next === current.slotStart) return { rule: 'same_slot', field: 'slotStart', message: 'The booking already holds this slot' };
  return bookingBreak(next, now, rules);
}

/** The window in which an arrival is on time. */
export function arrivalWindow(slotStart: number, rules: BookingRules): { opens: number; closes: number } {
  // Closes where the policy stops honouring the appointment (queueScore): a later truck would be
  // called on time by the booking and as a walk-in by the scheduler.
  return { opens: slotStart - rules.graceMs, closes: slotStart + rules.graceMs };
}

export type ArrivalVerdict =
  | { kind: 'early'; mayComeAt: number }
  | { kind: 'on_time'; appointmentAt: number }
  | { kind: 'late' };

/**
 * How an arrival at `now` relates to the booked slot. Only `on_time` gives the scheduler an
 * appointment (the platform-issued fact); `late` checks in without one, as a walk-in would.
 *
 * @example classifyArrival(slot, slot + 10 * 60_000, rules) // { kind: 'on_time', appointmentAt: slot }
 */
export function classifyArrival(slotStart: number, now: number, rules: BookingRules): ArrivalVerdict {
  const w = arrivalWindow(slotStart, rules);
  if (now < w.opens) return { kind: 'early', mayComeAt: w.opens };
  if (now <= w.closes) return { kind: 'on_time', appointmentAt: slotStart };
  return { kind: 'late' };
}

/** The instant a booking not arrived becomes a no-show. */
export function noShowAt(slotStart: number, rules: BookingRules): number {
  return arrivalWindow(slotStart, rules).closes;
}

/**
 * The suspension in force at `now`: no-shows (their slot starts) since the last waiver within the
 * window; when `noShowLimit` of them fall within it, booking is suspended until `suspensionDays`
 * after the latest.
 *
 * @example suspensionAt([t1, t2], null, now, rules) // { suspendedUntil: t2 + 14 days, noShows: 2 }
 */
export function suspensionAt(noShows: readonly number[], waivedAt: number | null, now: number, rules: BookingRules): { suspendedUntil: number | null; noShows: number } {
  const since = Math.max(now - rules.noShowWindowDays * DAY_MS, waivedAt ?? -Infinity);
  const counted = noShows.filter((t) => t > since && t <= now).sort((a, b) => a - b);
  if (counted.length < rules.noShowLimit) return { suspendedUntil: null, noShows: counted.length };
  const until = counted[counted.length - 1]! + rules.suspensionDays * DAY_MS;
  return { suspendedUntil: until > now ? until : null, noShows: counted.length };
}
