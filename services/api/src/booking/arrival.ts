/**
 * What a booking means at check-in (the one place where a slot becomes priority): on time, the
 * slot's start goes to the scheduler as the platform-issued appointment; early, the truck is sent
 * away with the time it may come; late, it is a walk-in. A truck without a booking is a walk-in,
 * allowed while the hour's walk-in share lasts and queued in the lowest class (once a gate has
 * published a plan).
 */
import type { Request } from 'express';
import type { Direction } from '@borderflow/contracts';
import { SLOT_CLASSES } from '@borderflow/contracts';
import { HOUR_MS, capacityFor, classifyArrival, walkInLimits } from '@borderflow/scheduler';
import type { ApiContext } from '../context.ts';
import { bookingError } from './booking-messages.ts';
import { createBookings, type Bookings } from './booking-service.ts';
import { planOf } from './capacity-service.ts';
import { localDateHour } from './local-time.ts';

const perCtx = new WeakMap<ApiContext, Bookings>();

/** The booking system of a context, made once. */
export function bookingsOf(ctx: ApiContext): Bookings {
  let bk = perCtx.get(ctx);
  if (!bk) perCtx.set(ctx, (bk = createBookings(ctx)));
  return bk;
}

/** What a check-in gets from the booking side. */
export interface ArrivalDecision {
  /** The platform-issued appointment for the scheduler (the slot's start), null = none. */
  appointmentAt: number | null;
  /**
   * A truck without a slot at a gate with a published plan (none booked, or past its slot's grace):
   * admitted against the hour's walk-in share, queued as `walk_in` (trips/priority-class.ts).
   */
  walkIn: boolean;
}

/** The trip's live booking as check-in reads it (null: none). */
export type CheckInBooking = Awaited<ReturnType<typeof bookingAtCheckIn>>;

/**
 * The trip's booking that check-in decides on: a read only, so check-in sends it with its other
 * look-ups and takes its clock after all of them (a truck checked in reaches the scheduler one
 * database round trip sooner, and its event's time is not taken before a read that can wait).
 * The decision's write (updateMany where state is still `active`) settles a race with a change
 * made after this read, as it did when the read came right before it.
 *
 * @example const booking = await bookingAtCheckIn(ctx, trip.id);
 */
export function bookingAtCheckIn(ctx: ApiContext, tripId: string) {
  return ctx.db.slotBooking.findFirst({ where: { tripId, state: { in: ['active', 'arrived'] } } });
}

/**
 * The appointment to give the scheduler for this check-in and whether the truck is a walk-in, or a
 * refusal: early (409 with the time it may come) or the hour's walk-in share used up (409, book a slot).
 * `booking`: bookingAtCheckIn's answer, read before `now`.
 *
 * @example const { appointmentAt, walkIn } = await arrivalAtCheckIn(ctx, trip, 'KT', await bookingAtCheckIn(ctx, trip.id), Date.now(), req);
 */
export async function arrivalAtCheckIn(
  ctx: ApiContext,
  trip: { id: string; direction: string },
  gate: string,
  booking: CheckInBooking,
  now: number,
  req?: Request,
): Promise<ArrivalDecision> {
  const bk = bookingsOf(ctx);
  if (booking?.state === 'arrived' && booking.arrival === 'on_time') return { appointmentAt: booking.slotStart.getTime(), walkIn: false };
  const verdict = booking?.state === 'active' ? classifyArrival(booking.slotStart.getTime(), now, bk.rules) : null;
  if (verdict?.kind === 'early') {
    throw bookingError(req, 'CONFLICT', 'early', 'slot', { mayComeAt: new Date(verdict.mayComeAt).toISOString() });
  }
  // Late (past the grace) is no better than no booking: admitted only within the walk-in share.
  const walkIn = verdict?.kind !== 'on_time' && (await admitWalkIn(ctx, trip, gate, now, req));
  if (booking && verdict) {
    const done = await ctx.db.slotBooking.updateMany({
      where: { id: booking.id, state: 'active' },
      data: { state: 'arrived', arrival: verdict.kind, arrivedAt: new Date(now) },
    });
    if (done.count === 1) await bk.ledger.arrive(gate, { ...booking, slotStart: booking.slotStart.getTime() });
  }
  return { appointmentAt: verdict?.kind === 'on_time' ? verdict.appointmentAt : null, walkIn };
}

/**
 * Admits a truck without a slot against the current hour's walk-in share (the slot ledger counts
 * it atomically with the hour's bookings), records it, and says whether it is a walk-in at all:
 * until a gate publishes a plan, nobody is (everyone checks in as before slots existed).
 */
async function admitWalkIn(ctx: ApiContext, trip: { id: string; direction: string }, gate: string, now: number, req?: Request): Promise<boolean> {
  const { plan, version, timezone } = await planOf(ctx, gate, now);
  if (version === 0) return false;
  const hourStart = now - (now % HOUR_MS);
  const { date, hour } = localDateHour(now, timezone);
  const direction = trip.direction as Direction;
  const capacity = SLOT_CLASSES.reduce((n, c) => n + capacityFor(plan, date, hour, direction, c), 0);
  const answer = await bookingsOf(ctx).ledger.walkIn(gate, trip.id, hourStart, direction, SLOT_CLASSES, walkInLimits(capacity, plan.walkInShare));
  if (answer !== 'ok') throw bookingError(req, 'CONFLICT', 'walk_in_full', 'slot');
  // The record (slot use per hour, the ledger's rebuild); a repeated check-in keeps the first.
  await ctx.db.walkIn.createMany({ data: [{ gateCode: gate, tripId: trip.id, direction, at: new Date(now) }], skipDuplicates: true });
  return true;
}
