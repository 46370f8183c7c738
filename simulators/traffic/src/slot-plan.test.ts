/** The feeder's booking plan: which hours a trip asks for, when its truck comes, how many trucks an hour. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type SlotAvailability } from '@borderflow/contracts';
import { DEFAULT_BOOKING_RULES, HOUR_MS, bookingBreak } from '@borderflow/scheduler';
import { createRandom } from './random.ts';
import { arrivalInWindow, localDate, planRatePerHour, slotsToTry } from './slot-plan.ts';

describe('the demo feeder books like a driver', () => {
  it('asks only for hours the booking rules accept, earliest first', () => {
    for (const minute of [0, 1, 29, 59]) {
      const now = Date.parse('2026-12-06T07:00:00Z') + minute * 60_000;
      const starts = slotsToTry(now);
      expect(starts).toHaveLength(3);
      for (const s of starts) expect(bookingBreak(s, now, DEFAULT_BOOKING_RULES)).toBeNull();
      // The first is the earliest such hour: the one before it is within the cut-off.
      expect(bookingBreak(starts[0]! - HOUR_MS, now, DEFAULT_BOOKING_RULES)).not.toBeNull();
    }
  });

  it("plans every booked truck's arrival inside its slot's window", () => {
    const rnd = createRandom(3);
    const start = Date.parse('2026-12-06T10:00:00Z');
    const grace = DEFAULT_POLICY.appointmentGraceMs;
    const arrivals = Array.from({ length: 500 }, () => arrivalInWindow(rnd, start));
    for (const at of arrivals) expect(Math.abs(at - start)).toBeLessThanOrEqual(grace / 2);
    // Spread over the window, not all at one instant.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThan(grace / 2);
  });

  it("sends the plan's share of the hour's slots, both directions and every class", () => {
    const hour = Date.parse('2026-12-06T03:00:00Z');
    const row = (start: number, direction: 'exit' | 'entry', slotClass: 'ordinary' | 'perishable', capacity: number) =>
      ({ start: new Date(start).toISOString(), direction, slotClass, capacity, booked: 0, free: capacity });
    const feed = {
      hours: [row(hour, 'exit', 'ordinary', 20), row(hour, 'exit', 'perishable', 5), row(hour, 'entry', 'ordinary', 10), row(hour + HOUR_MS, 'exit', 'ordinary', 99)],
    } as unknown as SlotAvailability;
    expect(planRatePerHour(feed, hour, 0.6)).toBeCloseTo(21, 6);
    expect(planRatePerHour(feed, hour, 2)).toBe(35);
    expect(planRatePerHour(feed, hour, 0)).toBe(0);
    expect(planRatePerHour(feed, hour + 2 * HOUR_MS, 0.6)).toBe(0);
  });

  it("asks the feed for the gate's local date", () => {
    expect(localDate(Date.parse('2026-12-06T18:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-07');
    expect(localDate(Date.parse('2026-12-06T16:59:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-06');
  });
});
