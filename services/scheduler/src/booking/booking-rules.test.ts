import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOKING_RULES as R, HOUR_MS, bookingBreak, bookingRulesFrom, classifyArrival, rescheduleBreak, suspensionAt } from './booking-rules.ts';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { queueScore } from '../pick-next.ts';

const now = Date.parse('2026-12-06T01:00:00Z');
const DAY = 24 * HOUR_MS;

describe('booking rules', () => {
  it('books on the hour, after the cut-off, within the horizon', () => {
    expect(bookingBreak(now + 3 * HOUR_MS, now, R)).toBeNull();
    expect(bookingBreak(now + 3 * HOUR_MS + 60_000, now, R)?.rule).toBe('slot_not_on_hour');
    expect(bookingBreak(now + HOUR_MS, now, R)?.rule).toBe('within_cutoff');
    expect(bookingBreak(now - HOUR_MS, now, R)?.rule).toBe('slot_in_past');
    expect(bookingBreak(now + 15 * DAY, now, R)?.rule).toBe('slot_beyond_horizon');
    expect(bookingBreak(now + 15 * DAY, now, bookingRulesFrom({ BOOKING_HORIZON_DAYS: '90' }))).toBeNull();
  });

  it('moves a booking at most K times and never within the cut-off of its current slot', () => {
    const slot = now + 5 * HOUR_MS;
    expect(rescheduleBreak({ slotStart: slot, reschedules: 1 }, slot + HOUR_MS, now, R)).toBeNull();
    expect(rescheduleBreak({ slotStart: slot, reschedules: 2 }, slot + HOUR_MS, now, R)?.rule).toBe('reschedules_used');
    expect(rescheduleBreak({ slotStart: now + HOUR_MS, reschedules: 0 }, slot, now, R)?.rule).toBe('within_cutoff');
    expect(rescheduleBreak({ slotStart: slot, reschedules: 0 }, slot, now, R)?.rule).toBe('same_slot');
  });

  it('classifies arrivals: early waits, on time within the slot start ± grace, late joins the ordinary queue', () => {
    const slot = now + 5 * HOUR_MS;
    expect(classifyArrival(slot, slot - 31 * 60_000, R)).toEqual({ kind: 'early', mayComeAt: slot - 30 * 60_000 });
    expect(classifyArrival(slot, slot - 30 * 60_000, R)).toEqual({ kind: 'on_time', appointmentAt: slot });
    expect(classifyArrival(slot, slot + 30 * 60_000, R)).toEqual({ kind: 'on_time', appointmentAt: slot });
    expect(classifyArrival(slot, slot + 31 * 60_000, R)).toEqual({ kind: 'late' });
  });

  it('suspends after N no-shows in 90 days for D days; a waiver clears what came before it', () => {
    const t1 = now - 40 * DAY;
    const t2 = now - 2 * DAY;
    expect(suspensionAt([t1], null, now, R)).toEqual({ suspendedUntil: null, noShows: 1 });
    expect(suspensionAt([t1, t2], null, now, R)).toEqual({ suspendedUntil: t2 + 14 * DAY, noShows: 2 });
    expect(suspensionAt([now - 100 * DAY, t2], null, now, R).suspendedUntil).toBeNull();
    expect(suspensionAt([t1, t2], now - DAY, now, R)).toEqual({ suspendedUntil: null, noShows: 0 });
    expect(suspensionAt([t1, now - 20 * DAY], null, now, R).suspendedUntil).toBeNull();
  });
});

describe('the arrival window and the priority rule', () => {
  it('call on time exactly the arrivals the scheduler lets keep the slot’s place', () => {
    const slot = now + 5 * HOUR_MS;
    for (const offset of [-R.graceMs, 0, 10 * 60_000, R.graceMs, R.graceMs + 1, 40 * 60_000, HOUR_MS + 1]) {
      const verdict = classifyArrival(slot, slot + offset, R);
      if (verdict.kind === 'early') continue;
      const keepsPlace = queueScore(slot + offset, slot, DEFAULT_POLICY) === slot;
      expect(verdict.kind === 'on_time', `arrival ${offset / 60_000} min after the slot`).toBe(keepsPlace);
    }
  });
});
