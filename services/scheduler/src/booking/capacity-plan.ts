/**
 * The capacity plan: slots per gate, direction, hour and class, from day templates with
 * exceptions per date, less planned lane closures. The default plan is derived from the lanes
 * and the expected service times, so a gate without a published plan still books sensibly.
 */
import type { CapacityPlan, Direction, SlotClass } from '@borderflow/contracts';
import { DEFAULT_SERVICE_MS } from '../service-time.ts';
import type { LaneConfig } from '../types.ts';

/** Hours the gate serves trucks by default (Kim Thành extends to 22:00 in peaks). */
export const DEFAULT_OPEN_HOURS = { from: 7, to: 22 } as const;

type Hours = number[];

/**
 * Slots of one hour, direction and class on a local date ('YYYY-MM-DD').
 *
 * @example capacityFor(plan, '2026-12-07', 9, 'exit', 'ordinary') // 16
 */
export function capacityFor(plan: CapacityPlan, date: string, hour: number, direction: Direction, slotClass: SlotClass): number {
  const exception = plan.exceptions.find((e) => e.date === date);
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  const name = exception?.template ?? plan.week[weekday];
  const template = plan.templates.find((t) => t.name === name) ?? plan.templates[0]!;
  const base = template.slots[direction][slotClass][hour] ?? 0;
  const closed = plan.closures
    .filter((c) => c.date === date && c.direction === direction && c.slotClass === slotClass && hour >= c.fromHour && hour < c.toHour)
    .reduce((sum, c) => sum + c.slots, 0);
  return Math.max(0, base - closed);
}

/** Names of the templates a plan must define for a reference: every one named in week and exceptions. */
export function missingTemplates(plan: CapacityPlan): string[] {
  const names = new Set(plan.templates.map((t) => t.name));
  return [...new Set([...plan.week, ...plan.exceptions.map((e) => e.template)])].filter((n) => !names.has(n));
}

/**
 * A plan derived from the lanes: each open lane serves 60 min / (barrier + document check) trucks an
 * hour; a lane reserved for perishables gives perishable slots; a fifth of the rest is kept for
 * empty returns; the walk-in share is taken off what may be booked. One `weekday` template.
 *
 * @example defaultCapacityPlan(KIM_THANH_LANES).templates[0].slots.exit.perishable[9] // 8
 */
export function defaultCapacityPlan(lanes: readonly LaneConfig[], walkInShare = 0.2): CapacityPlan {
  const perLaneHour = Math.floor(3_600_000 / (DEFAULT_SERVICE_MS.gate + DEFAULT_SERVICE_MS.documents));
  const bookable = (n: number) => Math.floor(n * (1 - walkInShare));
  const hours = (n: number): Hours => Array.from({ length: 24 }, (_, h) => (h >= DEFAULT_OPEN_HOURS.from && h < DEFAULT_OPEN_HOURS.to ? n : 0));
  const side = (direction: Direction) => {
    const open = lanes.filter((l) => l.direction === direction && l.status !== 'closed' && l.status !== 'maintenance');
    const perishable = open.filter((l) => l.classes.length > 0 && l.classes.every((c) => c === 'perishable')).length * perLaneHour;
    const general = (open.length * perLaneHour) - perishable;
    const empty = Math.floor(general / 5);
    return {
      ordinary: hours(bookable(general - empty)),
      perishable: hours(bookable(perishable)),
      empty_return: hours(bookable(empty)),
    };
  };
  return {
    templates: [{ name: 'weekday', slots: { exit: side('exit'), entry: side('entry') } }],
    week: Array.from({ length: 7 }, () => 'weekday'),
    exceptions: [],
    closures: [],
    walkInShare,
  };
}

/**
 * The walk-in limits of one hour whose bookable slots (all classes) are `capacity`: the plan took
 * the walk-in share off the hour before it was booked, so the hour holds `capacity / (1 - share)`;
 * walk-ins may take their share of that (`walkIns`), and never past what the hour holds once its
 * bookings are counted (`hour`). The slot ledger (slot-ledger.lua, op 'walk_in') applies them atomically.
 *
 * @example walkInLimits(8, 0.2) // { walkIns: 2, hour: 10 }
 */
export function walkInLimits(capacity: number, share: number): { walkIns: number; hour: number } {
  const total = capacity / (1 - Math.min(share, 0.99));
  // Rounded to 6 places first: 21 / (1 - 0.3) is 30.000000000000004 in floating point, an hour of 30, not 31.
  const up = (x: number) => Math.ceil(Math.round(x * 1e6) / 1e6);
  return { walkIns: up(total * share), hour: up(total) };
}

/**
 * Whether one more walk-in (truck without a slot) fits this hour (see `walkInLimits`).
 *
 * @example walkInAllowed({ capacity: 8, booked: 7, walkIns: 1 }, 0.2) // true
 */
export function walkInAllowed(hour: { capacity: number; booked: number; walkIns: number }, share: number): boolean {
  const limit = walkInLimits(hour.capacity, share);
  return hour.walkIns < limit.walkIns && hour.booked + hour.walkIns < limit.hour;
}
