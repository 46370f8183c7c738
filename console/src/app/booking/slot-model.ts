/**
 * What the booking screens compute from the API's answers: the gate's local date, the slot class a
 * trip books (the server decides; this only picks which free slots to show), and the free hours
 * of one direction and class.
 */
import { isPerishableHsCode, type Booking, type SlotAvailability, type SlotClass, type Trip } from '@borderflow/contracts';
import { GATE_TIME_ZONE } from '../i18n/format.ts';

const HOUR_MS = 3_600_000;

/** The gate's calendar date (YYYY-MM-DD) `days` after `now`: slots are per local day. */
export function gateDate(now: number, days = 0, timeZone = GATE_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now + days * 24 * HOUR_MS));
}

/** The class the server gives the trip's booking (same rule as scheduler's slotClassFor). */
export function tripSlotClass(trip: Pick<Trip, 'cargo'>): SlotClass {
  if (trip.cargo.length === 0) return 'empty_return';
  return trip.cargo.some((c) => isPerishableHsCode(c.hsCode)) ? 'perishable' : 'ordinary';
}

export type SlotHour = SlotAvailability['hours'][number];

/**
 * Hours of one direction and class open after the cut-off that still have a free slot, or also the
 * full ones (`withFull`: a driver may join their waiting list).
 */
export function freeHours(slots: SlotAvailability, direction: Trip['direction'], slotClass: SlotClass, now: number, cutoffMs = 2 * HOUR_MS, withFull = false): SlotHour[] {
  return slots.hours.filter((h) => h.direction === direction && h.slotClass === slotClass && (withFull || h.free > 0) && Date.parse(h.start) - now > cutoffMs);
}

/** The last moment a booking may still be moved or cancelled by its driver. */
export function changeDeadline(booking: Pick<Booking, 'slotStart'>, cutoffMs = 2 * HOUR_MS): string {
  return new Date(Date.parse(booking.slotStart) - cutoffMs).toISOString();
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
