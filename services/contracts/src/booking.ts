/**
 * Slot booking: the capacity plan a manager publishes, the booking a driver or forwarder holds,
 * and the public availability feed. One-hour slots (GoSwift, Belarus), identified by their start.
 */
import { z } from 'zod';
import { ZDirectionSchema } from './domain.ts';
import { ZTripIdSchema } from './common.ts';
import { hasPerishableHeading } from './perishable-headings.ts';

/** Capacity classes of a slot (not priority classes: a perishable slot is capacity on the fruit lane). */
export const SLOT_CLASSES = ['ordinary', 'perishable', 'empty_return'] as const;
export const ZSlotClassSchema = z.enum(SLOT_CLASSES);
export type SlotClass = z.infer<typeof ZSlotClassSchema>;

/**
 * The capacity class of a trip's slot from its cargo: no cargo = empty return, any perishable heading
 * = perishable (capacity only; priority still needs the agency's confirmation at the gate). Here, not in
 * the scheduler, because the driver's booking screen shows the slots of the class the server will book.
 *
 * @example slotClassOf([{ hsCode: '0810.90.10' }]); // 'perishable' (dragon fruit)
 */
export function slotClassOf(cargo: ReadonlyArray<{ hsCode: string }>): SlotClass {
  if (cargo.length === 0) return 'empty_return';
  return hasPerishableHeading(cargo) ? 'perishable' : 'ordinary';
}

/** Slots of one class per hour of the day: 24 numbers, hour 0 first (the gate's local time). */
const ZHourlySchema = z.array(z.number().int().min(0).max(1000)).length(24, 'give 24 hourly figures, hour 0 first');
const ZClassHoursSchema = z.object({ ordinary: ZHourlySchema, perishable: ZHourlySchema, empty_return: ZHourlySchema }).strict();
const ZDirectionHoursSchema = z.object({ exit: ZClassHoursSchema, entry: ZClassHoursSchema }).strict();

export const ZLocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s); }, { message: 'date must be a real calendar date, e.g. 2026-12-07', params: { rule: 'real_date' } });

/** A named day template (weekday, holiday, lychee season) and the slots it offers. */
export const ZCapacityTemplateSchema = z.object({
  name: z.string().min(1).max(40),
  slots: ZDirectionHoursSchema,
}).strict();

/**
 * The plan: which template each weekday uses, which template each listed date uses instead
 * (holidays, the lychee season), and lanes closed for maintenance on a date (capacity lowered).
 */
export const ZCapacityPlanSchema = z.object({
  templates: z.array(ZCapacityTemplateSchema).min(1).max(20),
  /** Template name per weekday, Sunday first (7 names). */
  week: z.array(z.string().min(1).max(40)).length(7, 'give 7 template names, Sunday first'),
  exceptions: z.array(z.object({ date: ZLocalDateSchema, template: z.string().min(1).max(40) }).strict()).max(400).default([]),
  closures: z.array(z.object({
    date: ZLocalDateSchema,
    fromHour: z.number().int().min(0).max(23),
    toHour: z.number().int().min(1).max(24),
    direction: ZDirectionSchema,
    /** Slots removed per hour for this class (a lane's share). */
    slotClass: z.enum(SLOT_CLASSES),
    slots: z.number().int().min(1).max(1000),
    reason: z.string().min(1).max(200),
  }).strict()).max(400).default([]),
  /** Share of an hour's capacity open to walk-ins (trucks without a slot). */
  walkInShare: z.number().min(0).max(1).default(0.2),
}).strict();
export type CapacityPlan = z.infer<typeof ZCapacityPlanSchema>;

/** GET /v1/gates/:gate/capacity-plan: the plan in force, its version (0 = derived from the lanes) and the gate's timezone. */
export const ZCapacityPlanAnswerSchema = z.object({ gate: z.string(), version: z.number().int().nonnegative(), timezone: z.string(), plan: ZCapacityPlanSchema });
export type CapacityPlanAnswer = z.infer<typeof ZCapacityPlanAnswerSchema>;
/** PUT /v1/gates/:gate/capacity-plan: the new version and how many bookings got a "capacity lowered" notice. */
export const ZPublishPlanAnswerSchema = z.object({ version: z.number().int().positive(), notified: z.number().int().nonnegative() });

export const BOOKING_STATES = ['active', 'arrived', 'cancelled', 'no_show'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];
/** How an arrival related to its slot: on time (appointment priority), late (ordinary queue). */
export type ArrivalKind = 'on_time' | 'late';

const ZSlotStartSchema = z.iso.datetime({ offset: true, message: 'slotStart must be an ISO date-time on the hour, e.g. 2026-12-06T08:00:00+07:00' });

export const ZBookRequestSchema = z.object({ tripId: ZTripIdSchema, slotStart: ZSlotStartSchema }).strict();
export type BookRequest = z.infer<typeof ZBookRequestSchema>;
export const ZRescheduleRequestSchema = z.object({ slotStart: ZSlotStartSchema }).strict();
export const ZCancelBookingRequestSchema = z.object({ reason: z.string().trim().min(1).max(200).optional() }).strict();

export const ZBookingSchema = z.object({
  id: z.string(),
  tripId: z.string(),
  gateCode: z.string(),
  direction: ZDirectionSchema,
  slotClass: ZSlotClassSchema,
  slotStart: z.string(),
  slotEnd: z.string(),
  state: z.enum(BOOKING_STATES),
  reschedules: z.number().int(),
  reschedulesLeft: z.number().int(),
  arrival: z.enum(['on_time', 'late']).nullable(),
  /** Arriving from here to `windowCloses` earns appointment priority. */
  windowOpens: z.string(),
  windowCloses: z.string(),
  /** The last moment its driver may move it: the gate's cut-off before the slot (a setting of the gate, not a constant). */
  reschedulableUntil: z.string(),
});
export type Booking = z.infer<typeof ZBookingSchema>;

/** Why booking is suspended, and until when (eCherha's ban after no-shows). */
export const ZBookingSuspensionSchema = z.object({
  suspendedUntil: z.string().nullable(),
  noShows: z.number().int(),
  rule: z.string(),
});
export type BookingSuspension = z.infer<typeof ZBookingSuspensionSchema>;

/** A driver's id as the platform issues it: text a database column can hold as it is (no control characters). */
export const ZDriverIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'driver id must be 1–64 letters, digits or -');
export const ZWaiveSuspensionRequestSchema = z.object({ driverId: ZDriverIdSchema, reason: z.string().trim().min(5).max(500) }).strict();

export const ZSlotAvailabilitySchema = z.object({
  gate: z.string(),
  date: z.string(),
  timezone: z.string(),
  /**
   * When this date's slots open (published in advance), and when the requests collected from then
   * are drawn in a random order; after the draw, what is left is booked first come.
   */
  release: z.object({ releaseAt: z.string(), drawAt: z.string() }).optional(),
  /** Booking an hour closes this many minutes before it starts (the gate's setting): screens offer only hours still open. */
  cutoffMinutes: z.number().int(),
  hours: z.array(z.object({
    start: z.string(),
    direction: ZDirectionSchema,
    slotClass: ZSlotClassSchema,
    capacity: z.number().int(),
    booked: z.number().int(),
    free: z.number().int(),
  })),
});
export type SlotAvailability = z.infer<typeof ZSlotAvailabilitySchema>;

export const ZSlotUseSchema = z.object({
  gate: z.string(),
  date: z.string(),
  hours: z.array(z.object({ start: z.string(), booked: z.number().int(), arrived: z.number().int(), late: z.number().int(), noShow: z.number().int(), cancelled: z.number().int(), walkIn: z.number().int() })),
  companies: z.array(z.object({ companyId: z.string().nullable(), name: z.string(), bookings: z.number().int(), noShows: z.number().int(), noShowRate: z.number() })),
});
export type SlotUse = z.infer<typeof ZSlotUseSchema>;

export const ZBookingIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'booking id must be 1–64 letters, digits or -');
export const ZSlotsQuerySchema = z.object({ date: ZLocalDateSchema }).strict();

/** Join the waiting list of a full slot for one of your trips (the same fields as a booking). */
export const ZJoinWaitlistRequestSchema = ZBookRequestSchema;
export const ZWaitlistEntryIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'waiting-list entry id must be 1–64 letters, digits or -');

/**
 * A place on the waiting list of a full slot. `offered`: a slot was freed and is held for this
 * driver until `offerExpiresAt`; accepting books it, otherwise the next in line gets it.
 */
export const ZWaitlistEntrySchema = ZBookingSchema.pick({ id: true, tripId: true, gateCode: true, direction: true, slotClass: true, slotStart: true }).extend({
  state: z.enum(['waiting', 'offered', 'booked', 'expired', 'left']),
  /** 1 = next to be offered a freed slot; null when not waiting. */
  position: z.number().int().nullable(),
  offerExpiresAt: z.string().nullable(),
  bookingId: z.string().nullable(),
});
export type WaitlistEntryView = z.infer<typeof ZWaitlistEntrySchema>;

/** Enter a request in the draw of a day's release (one per trip). */
export const ZReleaseRequestSchema = ZBookRequestSchema;

/** Your places on a gate's waiting lists, newest first. */
export const ZMyWaitlistSchema = z.object({ entries: z.array(ZWaitlistEntrySchema) });
export type MyWaitlist = z.infer<typeof ZMyWaitlistSchema>;

/** One request in a release's draw, and (once drawn) what the draw gave it. */
export const ZReleaseRequestEntrySchema = z.object({
  requestId: z.string(),
  tripId: z.string(),
  slotStart: z.string(),
  /** The account that asked: always the caller (nobody reads another's requests). */
  accountId: z.string(),
  outcome: z.enum(['booked', 'refused']).optional(),
  bookingId: z.string().optional(),
  /** Why the draw could not book it (the booking rule that refused). */
  rule: z.string().optional(),
});

/** Answer of entering a draw: your request (the first one, when you ask again) and when it is drawn. */
export const ZReleaseRequestAnswerSchema = ZReleaseRequestEntrySchema.extend({
  date: z.string(),
  drawAt: z.string(),
  state: z.literal('collecting'),
});
export type ReleaseRequestAnswer = z.infer<typeof ZReleaseRequestAnswerSchema>;

/** A day's slot release: when it opens and is drawn, the draw's seed (to replay the order) and your requests. */
export const ZSlotReleaseSchema = z.object({
  gate: z.string(),
  date: z.string(),
  releaseAt: z.string(),
  drawAt: z.string(),
  windowSeconds: z.number(),
  drawn: z.boolean(),
  seed: z.string().nullable(),
  requests: z.array(ZReleaseRequestEntrySchema),
});
export type SlotRelease = z.infer<typeof ZSlotReleaseSchema>;
