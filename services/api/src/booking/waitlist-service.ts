/**
 * The waiting list of a full slot: a driver joins with a registered trip; a slot freed by a
 * cancel, a move away or a declined offer is offered by the ledger (the same Lua step that frees
 * it) to the head of the list, who has `rules.offerMs` to accept before the next in line gets it.
 * The ledger holds the lists and the offers, so no slot is offered twice or oversold; it writes
 * every entry through to the database (waitlist_entries), from which a lost ledger is rebuilt.
 */
import type { Request } from 'express';
import { slotClassOf, type Direction, type SlotClass, type WaitlistEntryView } from '@borderflow/contracts';
import { bookingBreak } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { canAccessTrip } from '../trips/trip-access.ts';
import { bookingError, slotRuleError } from './booking-messages.ts';
import { activateBooking, refuseIfSuspended, stepPending, type Bookings } from './booking-service.ts';
import { capacityAt } from './capacity-service.ts';
import { refuseUntilDrawn } from './fair-release.ts';
import { tripToBook } from './trip-to-book.ts';
import type { WaitlistEntry } from './slot-ledger.ts';
import { REFUSALS } from '../http/refusal-words.ts';

function capacityOfField(bk: Bookings, gate: string, field: string): Promise<number> {
  const [start, direction, slotClass] = field.split(':');
  return capacityAt(bk.ctx, gate, Number(start), direction as Direction, slotClass as SlotClass);
}

async function view(bk: Bookings, gate: string, e: WaitlistEntry): Promise<WaitlistEntryView> {
  const [start, direction, slotClass] = e.field.split(':');
  return {
    id: e.id, tripId: e.tripId, gateCode: gate, direction: direction as Direction, slotClass: slotClass as SlotClass,
    slotStart: new Date(Number(start)).toISOString(), state: e.state,
    position: e.state === 'waiting' ? await bk.ledger.position(gate, e) : null,
    offerExpiresAt: e.state === 'offered' && e.offerExpiresAt ? new Date(e.offerExpiresAt).toISOString() : null,
    bookingId: e.bookingId ?? null,
  };
}

/**
 * Puts the caller's trip on the waiting list of a full slot. Vehicle, driver and class come from
 * the trip, the account from the token; a trip with an active booking moves it instead.
 *
 * @example await joinWaitlist(bk, who, { tripId, slotStart: '2026-12-07T09:00:00+07:00' }, req)
 */
export async function joinWaitlist(bk: Bookings, who: Principal, gateCode: string, input: { tripId: string; slotStart: string }, req?: Request, now = Date.now()): Promise<WaitlistEntryView> {
  const { db } = bk.ctx;
  const trip = await tripToBook(db, input.tripId);
  if (!trip || !canAccessTrip(who, trip.createdById) || trip.gateCode !== gateCode) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  if (trip.state !== 'registered') throw bookingError(req, 'TRIP_WRONG_STATE', 'trip_state', 'tripId', { state: trip.state });
  const slotStart = Date.parse(input.slotStart);
  const br = bookingBreak(slotStart, now, bk.rules, Number.NEGATIVE_INFINITY);
  if (br) throw slotRuleError(req, br, bk.rules);
  // Not before the day's draw: waiting is for slots the draw left full.
  await refuseUntilDrawn(bk, req, gateCode, slotStart, now);
  await refuseIfSuspended(bk, req, trip.driverId, now);
  if (await db.slotBooking.findFirst({ where: { tripId: trip.id, state: 'active' }, select: { id: true } })) {
    throw bookingError(req, 'CONFLICT', 'has_booking', 'tripId');
  }
  const gate = trip.gateCode;
  const slotClass = slotClassOf(trip.cargo);
  const capacity = await capacityAt(bk.ctx, gate, slotStart, trip.direction as Direction, slotClass);
  if (capacity === 0) throw bookingError(req, 'CONFLICT', 'no_capacity', 'slotStart');
  const id = crypto.randomUUID();
  const answer = await bk.ledger.join(gate, id, {
    id: '', tripId: trip.id, vehicleId: trip.vehicleId, driverId: trip.driverId, accountId: who.id, companyId: trip.companyId,
    slotStart, direction: trip.direction, slotClass,
  }, capacity);
  if (answer !== 'ok') throw bookingError(req, 'CONFLICT', answer, answer === 'not_full' ? 'slotStart' : 'tripId', { limit: bk.rules.waitlistsPerTrip });
  const [entry] = await bk.ledger.entries(gate, [id]);
  return view(bk, gate, entry!);
}

async function ownEntry(bk: Bookings, who: Principal, gate: string, id: string): Promise<WaitlistEntry> {
  const [e] = await bk.ledger.entries(gate, [id]);
  if (!e || e.accountId !== who.id) throw AppError.worded('NOT_FOUND', REFUSALS.waitlistEntryNotFound, 'entryId');
  return e;
}

/** Leaves a waiting list (an open offer passes to the next in line). Leaving twice answers the entry again. */
export async function leaveWaitlist(bk: Bookings, who: Principal, gate: string, id: string): Promise<WaitlistEntryView> {
  const e = await ownEntry(bk, who, gate, id);
  if (e.state === 'waiting' || e.state === 'offered') await bk.ledger.leave(gate, e, await capacityOfField(bk, gate, e.field));
  return view(bk, gate, (await bk.ledger.entries(gate, [id]))[0]!);
}

/**
 * Accepts an open offer: the slot held for the caller becomes an active booking of the entry's
 * trip, with the usual holds (one per vehicle and driver) and quotas.
 *
 * @example const booking = await acceptOffer(bk, who, 'KT', entryId, req)
 */
export async function acceptOffer(bk: Bookings, who: Principal, gate: string, id: string, req?: Request) {
  const e = await ownEntry(bk, who, gate, id);
  if (e.state !== 'offered') throw bookingError(req, 'CONFLICT', e.state === 'expired' ? 'expired' : 'no_offer', 'entryId');
  const capacity = await capacityOfField(bk, gate, e.field);
  const [start, direction, slotClass] = e.field.split(':');
  const row = {
    id: crypto.randomUUID(), gateCode: gate, tripId: e.tripId, vehicleId: e.vehicleId, driverId: e.driverId, companyId: e.companyId || null,
    accountId: e.accountId, direction: direction!, slotClass: slotClass!, slotStart: new Date(Number(start)),
  };
  // The row first, as 'pending', then the ledger's step, then the row active (as bookSlot does): a
  // crash after the step leaves a pending row the sweep drops, giving the slot on to the next in
  // line; a rebuild in between counts it (slot-ledger.lua, accept). Never a slot held by no row.
  const answer = await stepPending(bk, row, () => bk.ledger.accept(gate, e, row.id, capacity));
  if (answer === 'missing') throw bookingError(req, 'CONFLICT', 'no_offer', 'entryId');
  if (answer !== 'ok') {
    const quota = answer === 'company_quota' ? bk.rules.companyQuota : bk.rules.accountQuota;
    throw bookingError(req, 'CONFLICT', answer, 'entryId', { quota });
  }
  return activateBooking(bk, row, req, null);
}

/** The caller's waiting-list entries at a gate (the last 20), with place in line and open offers. */
export async function myWaitlist(bk: Bookings, who: Principal, gate: string): Promise<{ entries: WaitlistEntryView[] }> {
  await expireOffers(bk, gate);
  // The account's entries from their record, newest first; each as the ledger holds it now (an
  // entry the ledger no longer has, e.g. a booked one after a rebuild, as recorded).
  const rows = await bk.ctx.db.waitlistEntry.findMany({ where: { gateCode: gate, accountId: who.id }, orderBy: [{ joinedAt: 'desc' }, { id: 'desc' }], take: 20 });
  const live = new Map((await bk.ledger.entries(gate, rows.map((r) => r.id))).map((e) => [e.id, e]));
  const entries = rows.map((r): WaitlistEntry => live.get(r.id) ?? {
    id: r.id, field: r.slot, tripId: r.tripId, vehicleId: r.vehicleId, driverId: r.driverId, accountId: r.accountId, companyId: r.companyId,
    state: r.state as WaitlistEntry['state'], joinedAt: r.joinedAt,
    ...(r.offerExpiresAt !== null ? { offerExpiresAt: r.offerExpiresAt } : {}), ...(r.bookingId ? { bookingId: r.bookingId } : {}),
  });
  return { entries: await Promise.all(entries.map((e) => view(bk, gate, e))) };
}

/**
 * Closes offers whose time ran out, each passing its slot to the next in line (run by the booking
 * sweep and before reading a waiting list). Returns how many closed.
 */
export async function expireOffers(bk: Bookings, gate: string, now = Date.now()): Promise<number> {
  const due = await bk.ledger.entries(gate, await bk.ledger.dueOffers(gate, now));
  let closed = 0;
  for (const e of due) {
    if ((await bk.ledger.expire(gate, e, await capacityOfField(bk, gate, e.field))) === 'ok') closed++;
  }
  return closed;
}
