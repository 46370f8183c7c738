/**
 * A local date's first slot start, remembered per date and zone (localMidnightOf), is the instant
 * its local hour 0 begins, asked once or many times, and the day's 24 starts follow it hour by hour.
 */
import { describe, expect, it } from 'vitest';
import { hourStartsOf, localDateHour, localMidnightOf } from './local-time.ts';

/** Zones whose offset is whole hours (the gate's; the slot calendar counts whole hours: see local-time.ts). */
const ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Shanghai', 'UTC', 'Asia/Tokyo', 'Pacific/Honolulu'];
const DATES = ['2026-12-08', '2026-12-09', '2027-01-01', '2028-02-29', '1999-12-31'];

describe('localMidnightOf', () => {
  it("is the instant the date's local hour 0 begins, in every zone, every time it is asked", () => {
    for (let round = 0; round < 2; round++) {
      for (const tz of ZONES) {
        for (const date of DATES) {
          const midnight = localMidnightOf(date, tz);
          expect(localDateHour(midnight, tz)).toEqual({ date, hour: 0 });
          expect(localDateHour(midnight - 1, tz).hour).toBe(23);
          expect(localDateHour(midnight - 1, tz).date < date).toBe(true);
          expect(hourStartsOf(date, tz)).toEqual(Array.from({ length: 24 }, (_, h) => midnight + h * 3_600_000));
        }
      }
    }
  });

  it('keeps each date and zone apart, and a date that is none is refused every time', () => {
    expect(localMidnightOf('2026-12-08', 'Asia/Ho_Chi_Minh')).toBe(Date.parse('2026-12-07T17:00:00Z'));
    expect(localMidnightOf('2026-12-08', 'UTC')).toBe(Date.parse('2026-12-08T00:00:00Z'));
    expect(localMidnightOf('2026-12-09', 'Asia/Ho_Chi_Minh')).toBe(Date.parse('2026-12-08T17:00:00Z'));
    expect(() => localMidnightOf('not a date', 'UTC')).toThrow(RangeError);
    expect(() => localMidnightOf('not a date', 'UTC')).toThrow(RangeError);
  });
});
