/**
 * Booking, moving and cancelling a slot; no-shows and the suspension they bring; an operator's
 * waiver. The slot ledger (Redis, one Lua script) decides; the database records. A new booking's
 * row is written first, as 'pending', then the ledger decides, then the row becomes 'active' (or
 * goes): a ledger rebuilt from the database in between (after a Redis loss) counts the pending row,
 * so the hour can never be sold once more behind a booking in flight (slot-ledger.ts, `rebuild`).
 */
import type { Request } from 'express';
import { slotClassOf, type Booking, type BookingSuspension, type Direction, type SlotClass } from '@borderflow/contracts';
import {
  HOUR_MS, arrivalWindow, bookingBreak, bookingRulesFrom, noShowAt, rescheduleBreak, suspensionAt,
  type BookingRules,
} from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { canAccessTrip } from '../trips/trip-access.ts';
import { bookingError, slotRuleError } from './booking-messages.ts';
import { capacityAt } from './capacity-service.ts';
import { refuseUntilDrawn } from './fair-release.ts';
import { SlotLedger, type LedgerAnswer, type LedgerBooking } from './slot-ledger.ts';
import { tripToBook } from './trip-to-book.ts';
import { isUniqueViolation } from '@borderflow/db';
import {
  activatePendingBooking, deletePendingBooking, driverNoShows, insertPendingBooking, insertPendingUnlessNoShows, type CountedBooking, type DriverNoShows,
  type NewBookingRow,
} from './booking-rows.ts';
import { writeCompanyEvent, type CompanyEventInput } from '../notify/company-events.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type BookingRow = NonNullable<Awaited<ReturnType<ApiContext['db']['slotBooking']['findUnique']>>>;

/** The booking system of one platform: its rules and its ledger. */
export interface Bookings {
  ctx: ApiContext;
  rules: BookingRules;
  ledger: SlotLedger;
}

/** @example const bookings = createBookings(ctx, process.env); */
export function createBookings(ctx: ApiContext, env: Record<string, string | undefined> = process.env): Bookings {
  const rules = bookingRulesFrom(env);
  const ledger = new SlotLedger(ctx.redis, ctx.prefix, { account: rules.accountQuota, company: rules.companyQuota }, { offerMs: rules.offerMs, perTrip: rules.waitlistsPerTrip }, ctx.db);
  return { ctx, rules, ledger };
}

export function bookingView(b: Pick<BookingRow, 'id' | 'tripId' | 'gateCode' | 'direction' | 'slotClass' | 'slotStart' | 'state' | 'reschedules' | 'arrival'>, rules: BookingRules): Booking {
  const start = b.slotStart.getTime();
  const w = arrivalWindow(start, rules);
  return {
    id: b.id, tripId: b.tripId, gateCode: b.gateCode, direction: b.direction as Direction, slotClass: b.slotClass as SlotClass,
    slotStart: b.slotStart.toISOString(), slotEnd: new Date(start + HOUR_MS).toISOString(),
    state: b.state as Booking['state'], reschedules: b.reschedules, reschedulesLeft: Math.max(0, rules.maxReschedules - b.reschedules),
    arrival: (b.arrival as Booking['arrival']) ?? null,
    windowOpens: new Date(w.opens).toISOString(), windowCloses: new Date(w.closes).toISOString(),
    reschedulableUntil: new Date(start - rules.cutoffMs).toISOString(),
  };
}

const ledgerOf = (b: Pick<BookingRow, keyof LedgerBooking>): LedgerBooking => ({ ...b, slotStart: b.slotStart.getTime() });

/**
 * How long a booking may stay 'pending' (its row written, its ledger step and activation not yet
 * done) before the sweep takes it for a crashed request and gives its slot back. A request that
 * comes back later finds its row gone and is refused; it never books on a dropped row.
 */
export const PENDING_MS = 60_000;

/** Drops bookings left 'pending' longer than PENDING_MS (a request that died between its row and its activation). */
export async function sweepPending(bk: Bookings, now = Date.now()): Promise<number> {
  const stale = await bk.ctx.db.slotBooking.findMany({ where: { state: 'pending', createdAt: { lt: new Date(now - PENDING_MS) } }, take: 500 });
  for (const b of stale) await dropPending(bk, b.gateCode, b);
  return stale.length;
}

/**
 * A pending booking that will not be: its row goes first, then its ledger hold, if any (a rebuild
 * that read the row counted it; otherwise the ledger answers 'missing' and nothing changes). In
 * that order, a rebuild after the delete no longer sees it, and one before it is undone here.
 * Only a row this call deleted gives its hold back (one activated meanwhile keeps it), unless the
 * caller knows the row is gone for good (`gone`: dropped by the sweep while its request was slow).
 */
async function dropPending(bk: Bookings, gate: string, b: Pick<BookingRow, keyof LedgerBooking>, gone = false): Promise<void> {
  const deleted = await deletePendingBooking(bk.ctx.db, b.id);
  if (!deleted && !gone) return;
  const capacity = await capacityAt(bk.ctx, gate, b.slotStart.getTime(), b.direction as Direction, b.slotClass as SlotClass);
  await bk.ledger.release(gate, ledgerOf(b), capacity);
}

/**
 * Marks bookings whose arrival window closed without an arrival as no-shows and gives their slots
 * back (the periodic booking sweep). A decision that counts one driver's no-shows does not wait
 * for it: `suspensionOf` counts and marks that driver's missed bookings itself.
 */
export async function sweepNoShows(bk: Bookings, now = Date.now()): Promise<number> {
  const lastStart = new Date(now - (noShowAt(0, bk.rules)));
  const due = await bk.ctx.db.slotBooking.findMany({ where: { state: 'active', slotStart: { lt: lastStart } }, take: 500 });
  for (const b of due) await markNoShow(bk, b);
  return due.length;
}

/** One booking becomes a no-show and gives its slot back (once, whoever gets there first). */
async function markNoShow(bk: Bookings, b: CountedBooking | BookingRow): Promise<void> {
  const done = await bk.ctx.db.slotBooking.updateMany({ where: { id: b.id, state: 'active' }, data: { state: 'no_show' } });
  if (done.count === 1) await bk.ledger.release(b.gateCode, ledgerOf(b));
}

/**
 * The suspension of a driver now: why and until when (null = may book). Only this driver's
 * bookings are read (one statement, the waiver beside it, shared with the drivers asking together:
 * booking-rows.ts): a booking still active after its arrival window closed counts as the no-show
 * it is, and is marked so here (the periodic sweep marks everyone else's). Sweeping every driver's missed bookings on each request was the booking
 * path's biggest database cost (issue 12).
 */
export async function suspensionOf(bk: Bookings, driverId: string, now = Date.now()): Promise<BookingSuspension> {
  const { since, missedBefore } = noShowWindow(bk, now);
  return suspensionFrom(bk, await driverNoShows(bk.ctx.db, driverId, since, missedBefore), now);
}

/** The bookings that may count toward a suspension now: slots since `since`, active ones missed if they started before `missedBefore`. */
function noShowWindow(bk: Bookings, now: number): { since: Date; missedBefore: Date } {
  return { since: new Date(now - bk.rules.noShowWindowDays * 24 * HOUR_MS), missedBefore: new Date(now - noShowAt(0, bk.rules)) };
}

/** The suspension the driver's counted bookings bring (missed active ones marked no-shows first). */
async function suspensionFrom(bk: Bookings, { counted, waivedAt }: DriverNoShows, now: number): Promise<BookingSuspension> {
  for (const b of counted) if (b.state === 'active') await markNoShow(bk, b);
  const s = suspensionAt(counted.map((n) => n.slotStart.getTime()), waivedAt?.getTime() ?? null, now, bk.rules);
  return {
    suspendedUntil: s.suspendedUntil === null ? null : new Date(s.suspendedUntil).toISOString(),
    noShows: s.noShows,
    rule: `${bk.rules.noShowLimit} no-shows in ${bk.rules.noShowWindowDays} days suspend booking for ${bk.rules.suspensionDays} days`,
  };
}

/** Refuses (403 naming the rule, the end and the count) a driver whose booking is suspended. */
export async function refuseIfSuspended(bk: Bookings, req: Request | undefined, driverId: string, now: number): Promise<void> {
  refuseSuspension(bk, req, await suspensionOf(bk, driverId, now));
}

/** The same refusal for a suspension already judged. */
function refuseSuspension(bk: Bookings, req: Request | undefined, s: BookingSuspension): void {
  if (s.suspendedUntil === null) return;
  throw bookingError(req, 'FORBIDDEN', 'suspended', 'tripId', {
    until: s.suspendedUntil, noShows: s.noShows, windowDays: bk.rules.noShowWindowDays, limit: bk.rules.noShowLimit, days: bk.rules.suspensionDays,
  });
}

function ledgerError(req: Request | undefined, answer: string, bk: Bookings): AppError {
  // Redis lost the ledger again and again while it was being rebuilt: a refusal to retry, never a guess.
  if (answer === 'unbuilt') return bookingError(req, 'UNAVAILABLE', 'ledger_rebuilding', 'slotStart');
  const quota = answer === 'company_quota' ? bk.rules.companyQuota : bk.rules.accountQuota;
  return bookingError(req, 'CONFLICT', answer, answer === 'full' ? 'slotStart' : 'tripId', { quota });
}

/**
 * Books the slot starting at `slotStart` for the caller's trip. The vehicle, driver, direction and
 * slot class come from the trip (never from the request), the account from the token.
 *
 * @example await bookSlot(bk, who, { tripId, slotStart: '2026-12-07T09:00:00+07:00' }, req)
 */
export async function bookSlot(bk: Bookings, who: Principal, input: { tripId: string; slotStart: string }, req?: Request, now = Date.now(), drawn = false): Promise<Booking> {
  return confirmBooking(bk, await holdSlot(bk, who, input, req, now, drawn));
}

/** A booking the ledger granted, its row still 'pending': `confirmBooking` makes it active. */
export interface HeldSlot {
  row: NewBookingRow;
  capacity: number;
  req: Request | undefined;
  now: number;
}

/**
 * The first half of `bookSlot`: the rules, the 'pending' row, the ledger's decision. Refused, the
 * row goes again. Apart so that a booking can be held in flight deterministically (a test
 * interleaves a ledger rebuild here).
 */
export async function holdSlot(bk: Bookings, who: Principal, input: { tripId: string; slotStart: string }, req?: Request, now = Date.now(), drawn = false): Promise<HeldSlot> {
  const { db } = bk.ctx;
  const trip = await tripToBook(db, input.tripId);
  if (!trip || !canAccessTrip(who, trip.createdById)) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  if (trip.state !== 'registered') throw bookingError(req, 'TRIP_WRONG_STATE', 'trip_state', 'tripId', { state: trip.state });
  const slotStart = Date.parse(input.slotStart);
  const gate = trip.gateCode;
  // The day's release decides the horizon; during its collection window only the draw books (`drawn`).
  const br = bookingBreak(slotStart, now, bk.rules, Number.NEGATIVE_INFINITY);
  if (br) throw slotRuleError(req, br, bk.rules);
  await refuseUntilDrawn(bk, req, gate, slotStart, now, drawn);
  const slotClass = slotClassOf(trip.cargo);
  const capacity = await capacityAt(bk.ctx, gate, slotStart, trip.direction as Direction, slotClass);
  if (capacity === 0) throw bookingError(req, 'CONFLICT', 'no_capacity', 'slotStart');
  const row = {
    id: crypto.randomUUID(), gateCode: gate, tripId: trip.id, vehicleId: trip.vehicleId, driverId: trip.driverId,
    companyId: trip.companyId, accountId: who.id, direction: trip.direction, slotClass, slotStart: new Date(slotStart),
  };
  // A request that cannot win (the hour full, the vehicle or driver booked, the account or company at
  // its quota) is refused on one ledger read, before the driver's no-shows are counted and before any
  // database write: in a release storm nearly every request is one (issue 12).
  const early = await bk.ledger.check(gate, { ...row, slotStart }, capacity);
  if (early !== 'ok') throw ledgerError(req, early, bk);
  // The driver's no-shows are read by the statement that writes the pending row, which it writes
  // only for a driver with none counted (who cannot be suspended): a success's round trip fewer
  // (issue 12). Any other driver is judged as before, refused with nothing written or written now.
  const { since, missedBefore } = noShowWindow(bk, now);
  const pending = await insertPendingUnlessNoShows(db, row, since, missedBefore);
  if (!pending.written) {
    refuseSuspension(bk, req, await suspensionFrom(bk, pending.noShows, now));
    await insertPendingBooking(db, row);
  }
  // The row before the ledger's step (see the top of this file): committed before any rebuild can miss it.
  const answer = await stepWritten(bk, row, () => bk.ledger.book(gate, { ...row, slotStart }, capacity));
  if (answer !== 'ok') throw ledgerError(req, answer, bk);
  return { row, capacity, req, now };
}

/** The second half of `bookSlot`: the held booking becomes active, with its carrier event. */
export async function confirmBooking(bk: Bookings, held: HeldSlot): Promise<Booking> {
  const { row, req, now } = held;
  // The carrier's `booking` webhook is written with the booking: it exists exactly when the booking does.
  return activateBooking(bk, row, req, { tripId: row.tripId, event: 'booking', occurredAt: new Date(now), gate: row.gateCode, reason: 'booked', slotStart: row.slotStart });
}

/**
 * A new booking's row written 'pending', then the ledger's `step` (see the top of this file for why
 * in that order). Refused or failed, the row goes again, with anything the step held.
 */
export async function stepPending(bk: Bookings, row: NewBookingRow, step: () => Promise<LedgerAnswer>): Promise<LedgerAnswer> {
  await insertPendingBooking(bk.ctx.db, row);
  return stepWritten(bk, row, step);
}

/** `stepPending` for a row already written 'pending' (committed). */
async function stepWritten(bk: Bookings, row: NewBookingRow, step: () => Promise<LedgerAnswer>): Promise<LedgerAnswer> {
  let answer: LedgerAnswer;
  try {
    answer = await step();
  } catch (err) {
    await dropPending(bk, row.gateCode, row);
    throw err;
  }
  if (answer !== 'ok') await dropPending(bk, row.gateCode, row);
  return answer;
}

/** The pending row the ledger granted becomes active (with its carrier event, if any), or goes with its slot. */
export async function activateBooking(bk: Bookings, row: NewBookingRow, req: Request | undefined, event: CompanyEventInput | null): Promise<Booking> {
  let activated: boolean;
  try {
    activated = await activatePendingBooking(bk.ctx.db, row, event);
  } catch (err) {
    await dropPending(bk, row.gateCode, row);
    // The partial unique indexes hold across gates (the ledger holds within one).
    if (isUniqueViolation(err)) throw bookingError(req, 'CONFLICT', 'vehicle', 'tripId');
    throw err;
  }
  if (!activated) {
    // The row was dropped as stale while this request was slow: nothing was booked.
    await dropPending(bk, row.gateCode, row, true);
    throw bookingError(req, 'UNAVAILABLE', 'booking_timed_out', 'slotStart');
  }
  // The row as written: nothing else changed it while it was pending (no reload).
  return bookingView({ ...row, state: 'active', reschedules: 0, arrival: null }, bk.rules);
}

async function ownBooking(bk: Bookings, who: Principal, id: string, staffMay: boolean): Promise<BookingRow> {
  const b = await bk.ctx.db.slotBooking.findUnique({ where: { id } });
  const staff = staffMay && (who.role === 'operator' || who.role === 'admin');
  if (!b || (!staff && b.accountId !== who.id)) throw AppError.worded('NOT_FOUND', REFUSALS.bookingNotFound, 'bookingId');
  return b;
}

/**
 * Moves a booking to another hour: one booking before and after, the old slot freed at once.
 *
 * @example await rescheduleBooking(bk, who, bookingId, '2026-12-07T11:00:00+07:00', req)
 */
export async function rescheduleBooking(bk: Bookings, who: Principal, id: string, slotStartIso: string, req?: Request, now = Date.now()): Promise<Booking> {
  const b = await ownBooking(bk, who, id, false);
  if (b.state !== 'active') throw bookingError(req, 'CONFLICT', 'not_active', 'bookingId', { state: b.state });
  const next = Date.parse(slotStartIso);
  const br = rescheduleBreak({ slotStart: b.slotStart.getTime(), reschedules: b.reschedules }, next, now, { ...bk.rules, horizonDays: Number.POSITIVE_INFINITY });
  if (br) throw slotRuleError(req, br, bk.rules);
  await refuseUntilDrawn(bk, req, b.gateCode, next, now);
  const capacity = await capacityAt(bk.ctx, b.gateCode, next, b.direction as Direction, b.slotClass as SlotClass);
  if (capacity === 0) throw bookingError(req, 'CONFLICT', 'no_capacity', 'slotStart');
  const fromCapacity = await capacityAt(bk.ctx, b.gateCode, b.slotStart.getTime(), b.direction as Direction, b.slotClass as SlotClass);
  const answer = await bk.ledger.move(b.gateCode, { ...ledgerOf(b), slotStart: next }, b.slotStart.getTime(), capacity, fromCapacity);
  if (answer === 'missing') throw bookingError(req, 'CONFLICT', 'not_active', 'bookingId', { state: 'released' });
  if (answer !== 'ok') throw ledgerError(req, answer, bk);
  // Guarded by the old slot and count: two moves racing each other cannot both be recorded.
  const done = await bk.ctx.db.slotBooking.updateMany({
    where: { id, state: 'active', slotStart: b.slotStart, reschedules: b.reschedules },
    data: { slotStart: new Date(next), reschedules: { increment: 1 } },
  });
  if (done.count !== 1) {
    await bk.ledger.move(b.gateCode, ledgerOf(b), next, Number.MAX_SAFE_INTEGER);
    throw AppError.worded('CONFLICT', REFUSALS.bookingChanged, 'bookingId');
  }
  return bookingView((await bk.ctx.db.slotBooking.findUnique({ where: { id } }))!, bk.rules);
}

/**
 * Cancels a booking and frees its slot at once. A driver cancels their own; an operator any, with
 * a reason, audited. Cancelling a cancelled booking answers it again.
 */
export async function cancelBooking(bk: Bookings, who: Principal, id: string, reason: string | undefined, req?: Request, now = Date.now()): Promise<Booking> {
  const b = await ownBooking(bk, who, id, true);
  const byStaff = b.accountId !== who.id;
  if (byStaff && !reason) throw AppError.worded('VALIDATION_FAILED', REFUSALS.operatorCancelReason, 'reason');
  if (b.state === 'cancelled') return bookingView(b, bk.rules);
  if (b.state !== 'active') throw bookingError(req, 'CONFLICT', 'not_active', 'bookingId', { state: b.state });
  const done = await bk.ctx.db.$transaction(async (tx) => {
    const r = await tx.slotBooking.updateMany({ where: { id, state: 'active' }, data: { state: 'cancelled', cancelledAt: new Date(now), cancelReason: reason ?? null } });
    if (r.count === 1) {
      await writeCompanyEvent(tx, { tripId: b.tripId, event: 'booking', occurredAt: new Date(now), gate: b.gateCode, reason: 'cancelled', slotStart: b.slotStart });
    }
    if (r.count === 1 && byStaff) {
      await recordAudit(tx, { action: 'booking.operator-cancel', actor: who, targetType: 'booking', targetId: id, gateCode: b.gateCode, reason, ip: req?.ip });
    }
    return r.count;
  });
  if (done === 1) await bk.ledger.release(b.gateCode, ledgerOf(b), await capacityAt(bk.ctx, b.gateCode, b.slotStart.getTime(), b.direction as Direction, b.slotClass as SlotClass));
  return bookingView((await bk.ctx.db.slotBooking.findUnique({ where: { id } }))!, bk.rules);
}

/** The caller's bookings, newest first, with their notices and their suspension. */
export async function myBookings(bk: Bookings, who: Principal, now = Date.now()) {
  const rows = await bk.ctx.db.slotBooking.findMany({ where: { accountId: who.id, state: { not: 'pending' } }, orderBy: { slotStart: 'desc' }, take: 50 });
  const driverIds = [...new Set(rows.map((r) => r.driverId))];
  const notices = driverIds.length > 0
    ? await bk.ctx.db.bookingNotice.findMany({ where: { bookingId: { in: rows.map((r) => r.id) } }, orderBy: { createdAt: 'desc' }, take: 50 })
    : [];
  const suspensions = await Promise.all(driverIds.map(async (d) => ({ driverId: d, ...(await suspensionOf(bk, d, now)) })));
  return {
    bookings: rows.map((r) => bookingView(r, bk.rules)),
    notices: notices.map((n) => ({ bookingId: n.bookingId, kind: n.kind, message: n.message, at: n.createdAt.toISOString() })),
    suspensions,
  };
}

/**
 * An operator lifts a driver's suspension with a reason (audited): no-shows before it stop counting.
 *
 * @example await waiveSuspension(bk, operator, driverId, 'Breakdown on QL4D confirmed by the police report')
 */
export async function waiveSuspension(bk: Bookings, who: Principal, driverId: string, reason: string, ip?: string): Promise<BookingSuspension> {
  const driver = await bk.ctx.db.driver.findUnique({ where: { id: driverId }, select: { id: true } });
  if (!driver) throw AppError.worded('NOT_FOUND', REFUSALS.driverNotFound, 'driverId');
  const before = await suspensionOf(bk, driverId);
  await bk.ctx.db.$transaction(async (tx) => {
    await tx.bookingWaiver.create({ data: { driverId, waivedById: who.id, reason } });
    await recordAudit(tx, { action: 'booking.waive', actor: who, targetType: 'driver', targetId: driverId, reason, detail: { suspendedUntil: before.suspendedUntil, noShows: before.noShows }, ip });
  });
  return suspensionOf(bk, driverId);
}

/**
 * A cancelled trip gives its active booking back (the slot goes to the waiting list or the free
 * pool at once, and a slot not yet missed never counts as a no-show). The trip's cancel already
 * checked who may cancel and audited an operator's; the booking's cancel records the same reason.
 */
export async function cancelBookingOfTrip(bk: Bookings, who: Principal, tripId: string, reason: string, req?: Request, now = Date.now()): Promise<void> {
  const b = await bk.ctx.db.slotBooking.findFirst({ where: { tripId, state: 'active' } });
  if (!b) return;
  // A slot whose arrival window already closed was missed: it counts as a no-show, and cancelling
  // the trip afterwards must not wipe that out (it would make no-shows free to erase). Only this
  // trip's booking is looked at (the sweep sees to the others, before any decision that counts them).
  if (noShowAt(b.slotStart.getTime(), bk.rules) < now) {
    await markNoShow(bk, b);
    return;
  }
  // A driver's trip booked by another account of the company (a dispatcher): cancelled on the trip's authority.
  const as: Principal = b.accountId === who.id || who.role !== 'driver' ? who : { ...who, id: b.accountId };
  await cancelBooking(bk, as, b.id, reason, req, now);
}
