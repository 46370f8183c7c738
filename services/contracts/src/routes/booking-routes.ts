/** Slot booking and capacity. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import {
  ZBookRequestSchema, ZBookingIdSchema, ZBookingSchema, ZBookingSuspensionSchema, ZCancelBookingRequestSchema, ZCapacityPlanAnswerSchema, ZCapacityPlanSchema, ZPublishPlanAnswerSchema, ZJoinWaitlistRequestSchema, ZLocalDateSchema,
  ZMyWaitlistSchema, ZReleaseRequestAnswerSchema, ZReleaseRequestSchema, ZRescheduleRequestSchema, ZSlotAvailabilitySchema, ZSlotReleaseSchema, ZSlotUseSchema, ZSlotsQuerySchema,
  ZWaitlistEntryIdSchema, ZWaitlistEntrySchema, ZWaiveSuspensionRequestSchema, ZDriverIdSchema,
} from '../booking.ts';
import { ZGateParamsSchema } from './params.ts';

/** Seconds a day's free slots are reused in process and may be cached by clients. */
export const PUBLIC_SLOTS_TTL_S = 5;

export const ZBookingParamsSchema = z.object({ bookingId: ZBookingIdSchema }).strict();

export const ZDriverParamsSchema = z.object({ driverId: ZDriverIdSchema }).strict();

export const ZWaitlistEntryParamsSchema = ZGateParamsSchema.extend({ entryId: ZWaitlistEntryIdSchema }).strict();
export const ZSlotReleaseParamsSchema = ZGateParamsSchema.extend({ date: ZLocalDateSchema }).strict();

export const BOOKING_ROUTES = {
  bookSlot: defineRoute({
    method: 'post',
    path: '/v1/bookings',
    tag: 'booking',
    status: 201,
    summary: 'Book a one-hour slot for one of your registered trips (vehicle, driver and class come from the trip; one active booking per vehicle and per driver; quotas per account and company)',
    body: ZBookRequestSchema,
    response: ZBookingSchema,
    errors: [403, 404, 409, 429],
  }),
  listBookings: defineRoute({
    method: 'get',
    path: '/v1/bookings',
    tag: 'booking',
    summary: 'Your bookings, their notices (e.g. a lowered capacity) and any booking suspension with its reason and end',
  }),
  rescheduleBooking: defineRoute({
    method: 'post',
    path: '/v1/bookings/:bookingId/reschedule',
    tag: 'booking',
    summary: 'Move your booking to another hour (a limited number of times, not within the cut-off before its slot)',
    params: ZBookingParamsSchema,
    body: ZRescheduleRequestSchema,
    response: ZBookingSchema,
    errors: [404, 409, 429],
  }),
  cancelBooking: defineRoute({
    method: 'post',
    path: '/v1/bookings/:bookingId/cancel',
    tag: 'booking',
    summary: 'Cancel a booking: the slot is free at once. A driver cancels their own; an operator any, with a reason (audited)',
    params: ZBookingParamsSchema,
    body: ZCancelBookingRequestSchema,
    response: ZBookingSchema,
    errors: [404, 409],
  }),
  bookingSuspension: defineRoute({
    method: 'get',
    path: '/v1/drivers/:driverId/booking-suspension',
    tag: 'booking',
    summary: 'Whether a driver may book: no-shows counted and the suspension end, with the rule',
    params: ZDriverParamsSchema,
    response: ZBookingSuspensionSchema,
  }),
  waiveSuspension: defineRoute({
    method: 'post',
    path: '/v1/booking-waivers',
    tag: 'booking',
    summary: "Lift a driver's booking suspension with a reason (audited); earlier no-shows stop counting",
    body: ZWaiveSuspensionRequestSchema,
    response: ZBookingSuspensionSchema,
    errors: [404],
    status: 201,
  }),
  readCapacityPlan: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/capacity-plan',
    tag: 'booking',
    summary: 'The capacity plan in force (version 0 = derived from the lanes)',
    params: ZGateParamsSchema,
    response: ZCapacityPlanAnswerSchema,
    errors: [404],
  }),
  publishCapacityPlan: defineRoute({
    method: 'put',
    path: '/v1/gates/:gate/capacity-plan',
    tag: 'booking',
    summary: 'Publish a new capacity plan version (templates, weekdays, date exceptions, planned closures); bookings in hours now over capacity are notified',
    params: ZGateParamsSchema,
    body: ZCapacityPlanSchema,
    response: ZPublishPlanAnswerSchema,
    errors: [404],
  }),
  slotUse: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/slot-use',
    tag: 'booking',
    summary: 'Per hour of a day: slots booked, arrived on time, late, no-show, cancelled, walk-ins; no-show rate per company (90 days)',
    params: ZGateParamsSchema,
    query: ZSlotsQuerySchema,
    response: ZSlotUseSchema,
    errors: [404],
  }),
  publicSlots: defineRoute({
    method: 'get',
    path: '/v1/public/gates/:gate/slots',
    tag: 'public',
    summary: `Free slots per hour, direction and class of a local date (cached ${PUBLIC_SLOTS_TTL_S} s, ETag; no sign-in)`,
    params: ZGateParamsSchema,
    query: ZSlotsQuerySchema,
    response: ZSlotAvailabilitySchema,
    errors: [404],
  }),
  joinWaitlist: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/waitlist',
    tag: 'booking',
    status: 201,
    summary: 'Wait for a full slot with one of your registered trips (no active booking): a freed slot is offered to the first in line, who has a short time to accept',
    params: ZGateParamsSchema,
    body: ZJoinWaitlistRequestSchema,
    response: ZWaitlistEntrySchema,
    errors: [403, 404, 409, 429],
  }),
  myWaitlist: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/waitlist',
    tag: 'booking',
    summary: 'Your places on waiting lists: position in line, or an open offer and until when it holds',
    params: ZGateParamsSchema,
    response: ZMyWaitlistSchema,
  }),
  acceptWaitlistOffer: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/waitlist/:entryId/accept',
    tag: 'booking',
    status: 201,
    summary: 'Accept the slot offered to you: it becomes an active booking of the waiting trip',
    params: ZWaitlistEntryParamsSchema,
    response: ZBookingSchema,
    errors: [404, 409, 429],
  }),
  leaveWaitlist: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/waitlist/:entryId/leave',
    tag: 'booking',
    summary: 'Leave a waiting list (an offer you hold goes to the next in line)',
    params: ZWaitlistEntryParamsSchema,
    response: ZWaitlistEntrySchema,
    errors: [404],
  }),
  requestSlotRelease: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/slot-releases/requests',
    tag: 'booking',
    status: 202,
    summary: "Enter the draw of a day's slot release with one of your trips (during the collection window after the published release time; the order is random, not first come)",
    params: ZGateParamsSchema,
    body: ZReleaseRequestSchema,
    response: ZReleaseRequestAnswerSchema,
    errors: [404, 409, 429],
  }),
  readSlotRelease: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/slot-releases/:date',
    tag: 'booking',
    summary: "A day's slot release: when it opens and is drawn, the draw's seed (to replay the order) and your requests' outcomes",
    params: ZSlotReleaseParamsSchema,
    response: ZSlotReleaseSchema,
    errors: [404],
  }),
};
