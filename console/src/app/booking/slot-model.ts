/**
 * What the booking screens compute from the API's answers: the gate's local date and the free hours
 * of one direction and class. The rules themselves (the slot class of a trip, the cut-off) are the
 * server's: the class from contracts' slotClassOf, the cut-off from the slot feed.
 */
import type { SlotAvailability, SlotClass, Trip } from '@borderflow/contracts';
import { GATE_TIME_ZONE } from '../i18n/format.ts';

const HOUR_MS = 3_600_000;

/** The gate's calendar date (YYYY-MM-DD) `days` after `now`: slots are per local day. */
export function gateDate(now: number, days = 0, timeZone = GATE_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now + days * 24 * HOUR_MS));
}

export type SlotHour = SlotAvailability['hours'][number];

/**
 * Hours of one direction and class still open for booking (the feed's cut-off) that have a free
 * slot, or also the full ones (`withFull`: a driver may join their waiting list).
 */
export function freeHours(slots: SlotAvailability, direction: Trip['direction'], slotClass: SlotClass, now: number, withFull = false): SlotHour[] {
  const cutoffMs = slots.cutoffMinutes * 60_000;
  return slots.hours.filter((h) => h.direction === direction && h.slotClass === slotClass && (withFull || h.free > 0) && Date.parse(h.start) - now >= cutoffMs);
}

/** Per hour not yet over, the free slots of each class of one direction (the public table). */
export function freeByHour(slots: SlotAvailability, direction: Trip['direction'], now: number): Array<{ start: string; free: Record<SlotClass, number> }> {
  const rows = new Map<string, Record<SlotClass, number>>();
  for (const h of slots.hours) {
    if (h.direction !== direction || Date.parse(h.start) + HOUR_MS <= now) continue;
    const row = rows.get(h.start) ?? { ordinary: 0, perishable: 0, empty_return: 0 };
    row[h.slotClass] += h.free;
    rows.set(h.start, row);
  }
  return [...rows].filter(([, free]) => free.ordinary + free.perishable + free.empty_return > 0)
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b)).map(([start, free]) => ({ start, free }));
}
