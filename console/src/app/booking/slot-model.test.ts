import { describe, expect, it } from 'vitest';
import type { SlotAvailability } from '@borderflow/contracts';
import { freeByHour, freeHours, gateDate } from './slot-model.ts';

const hour = (start: string, direction: 'exit' | 'entry', slotClass: 'ordinary' | 'perishable' | 'empty_return', free: number) =>
  ({ start, direction, slotClass, capacity: 5, booked: 5 - free, free });
const slots: SlotAvailability = {
  gate: 'KT', date: '2026-12-06', timezone: 'Asia/Ho_Chi_Minh', cutoffMinutes: 120,
  hours: [
    hour('2026-12-06T02:00:00.000Z', 'exit', 'ordinary', 0),
    hour('2026-12-06T03:00:00.000Z', 'exit', 'ordinary', 2),
    hour('2026-12-06T03:00:00.000Z', 'exit', 'perishable', 1),
    hour('2026-12-06T03:00:00.000Z', 'entry', 'ordinary', 4),
    hour('2026-12-06T01:00:00.000Z', 'exit', 'ordinary', 3),
  ],
};

describe('slot model', () => {
  it('dates slots by the gate day (UTC+7), not the browser day', () => {
    expect(gateDate(Date.parse('2026-12-05T18:30:00Z'))).toBe('2026-12-06');
    expect(gateDate(Date.parse('2026-12-05T16:00:00Z'), 1)).toBe('2026-12-06');
  });
  it('offers only free hours of the trip direction and class still open by the feed\'s cut-off', () => {
    const now = Date.parse('2026-12-05T23:30:00Z'); // 01:00Z is within 2 h
    expect(freeHours(slots, 'exit', 'ordinary', now).map((h) => h.start)).toEqual(['2026-12-06T03:00:00.000Z']);
    // The cut-off is the gate's setting, read from the feed: at 30 min, 01:00Z is still open.
    expect(freeHours({ ...slots, cutoffMinutes: 30 }, 'exit', 'ordinary', now).map((h) => h.start)).toEqual(['2026-12-06T03:00:00.000Z', '2026-12-06T01:00:00.000Z']);
    // An hour closes exactly at the cut-off, as the server refuses it from then (booking-rules.ts).
    expect(freeHours({ ...slots, cutoffMinutes: 90 }, 'exit', 'ordinary', now).map((h) => h.start)).toEqual(['2026-12-06T03:00:00.000Z', '2026-12-06T01:00:00.000Z']);
    expect(freeHours({ ...slots, cutoffMinutes: 91 }, 'exit', 'ordinary', now).map((h) => h.start)).toEqual(['2026-12-06T03:00:00.000Z']);
  });
  it('sums free slots per hour and class of one direction, hours over or without any free left out', () => {
    expect(freeByHour(slots, 'exit', Date.parse('2026-12-06T02:00:00Z')).map((r) => r.start)).toEqual(['2026-12-06T03:00:00.000Z']);
    expect(freeByHour(slots, 'exit', Date.parse('2026-12-05T00:00:00Z'))).toEqual([
      { start: '2026-12-06T01:00:00.000Z', free: { ordinary: 3, perishable: 0, empty_return: 0 } },
      { start: '2026-12-06T03:00:00.000Z', free: { ordinary: 2, perishable: 1, empty_return: 0 } },
    ]);
  });
});
