/**
 * Slot booking through the API, against real Redis and a real database: book, reschedule, cancel;
 * capacity under concurrent bookings; arrival rules at check-in; no-shows, suspension and waiver.
 * Slot times are moved into the past in the database where a test needs an arrival or a no-show
 * (the clock is not faked: the API reads Date.now()).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_SLOTS_TTL_S } from '@borderflow/contracts';
import type { TestApi } from '../testing/test-api.ts';
import { everyHourPlan, startBookingTestApi } from '../testing/booking-fixtures.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import type { Redis } from 'ioredis';
import { testApiContext } from '../testing/test-api.ts';
import { PENDING_MS, bookingView, confirmBooking, createBookings, holdSlot, sweepPending } from '../booking/booking-service.ts';
import { bookingRulesFrom } from '@borderflow/scheduler';

const HOUR = 3_600_000;
let t: TestApi;
const slotIn = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();

const PLAN = everyHourPlan({ ordinary: 5, perishable: 2, emptyReturn: 2 }, { entry: { ordinary: 5, emptyReturn: 2 } });

let close: (() => Promise<void>) | undefined;
const savedSweep = process.env.BOOKING_SWEEP_SECONDS;
beforeAll(async () => {
  // No periodic sweep here: the tests see exactly which request turned a booking into a no-show.
  process.env.BOOKING_SWEEP_SECONDS = '86400';
  ({ t, close } = await startBookingTestApi(PLAN));
}, 60_000);
afterAll(async () => {
  await close?.();
  if (savedSweep === undefined) delete process.env.BOOKING_SWEEP_SECONDS;
  else process.env.BOOKING_SWEEP_SECONDS = savedSweep;
});

async function trip(username = 'driver1', phone = uniquePhone()): Promise<string> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token(username), body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function book(tripId: string, slotStart: string, username = 'driver1', lang?: string) {
  return t.call('POST', '/v1/bookings', { token: await t.token(username), body: { tripId, slotStart }, headers: lang ? { 'accept-language': lang } : {} });
}

describe('book, reschedule, cancel', () => {
  it('books a slot, refuses a second for the vehicle, moves it twice, not a third time, and a cancel frees it at once', async () => {
    const tripId = await trip();
    const slot = slotIn(4);
    const b = await book(tripId, slot);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body).toMatchObject({ state: 'active', slotClass: 'ordinary', direction: 'exit', reschedulesLeft: 2 });
    // The screens show the gate's cut-off as the server applies it (2 h by default), not a constant of their own.
    expect(Date.parse(slot) - Date.parse(b.body.reschedulableUntil)).toBe(2 * HOUR);

    const again = await book(tripId, slotIn(5));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/one per vehicle/);

    const token = await t.token('driver1');
    for (const h of [5, 6]) {
      const moved = await t.call('POST', `/v1/bookings/${b.body.id}/reschedule`, { token, body: { slotStart: slotIn(h) } });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const third = await t.call('POST', `/v1/bookings/${b.body.id}/reschedule`, { token, body: { slotStart: slotIn(7) }, headers: { 'accept-language': 'vi' } });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'CONFLICT', field: 'slotStart' });
    expect(third.body.error.message).toMatch(/tối đa 2 lần/);
    expect((await t.db.prisma.slotBooking.count({ where: { tripId } }))).toBe(1);

    const date = new Date(Date.parse(slotIn(6)) + 7 * HOUR).toISOString().slice(0, 10);
    const free = async () => {
      const r = await t.call('GET', `/v1/public/gates/KT/slots?date=${date}`);
      return r.body.hours.find((h: { start: string; direction: string; slotClass: string; noShow: number }) => h.start === slotIn(6) && h.direction === 'exit' && h.slotClass === 'ordinary');
    };
    expect((await free()).booked).toBeGreaterThanOrEqual(1);
    const cancelled = await t.call('POST', `/v1/bookings/${b.body.id}/cancel`, { token, body: { reason: 'Xe hỏng' } });
    expect(cancelled.body.state).toBe('cancelled');
    // Moving it now is refused in the driver's words, the state too (not the code 'cancelled').
    const late = await t.call('POST', `/v1/bookings/${b.body.id}/reschedule`, { token, body: { slotStart: slotIn(7) }, headers: { 'accept-language': 'vi' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('Lịch đặt này đã hủy, không còn hiệu lực');
    // A new booking for the same vehicle goes through right away (its hold is gone).
    expect((await book(tripId, slotIn(6))).status).toBe(201);
  });

  it('serves the public feed without sign-in, cached, with an ETag that answers 304', async () => {
    const date = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
    const r = await t.call('GET', `/v1/public/gates/KT/slots?date=${date}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(r.body.hours.length).toBeGreaterThan(0);
    expect(r.body.cutoffMinutes).toBe(120);
    const again = await t.call('GET', `/v1/public/gates/KT/slots?date=${date}`, { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // The browser's copy expires with the server's: a day no other test reads is cached afresh (full max-age);
    // asked again 1.1 s later, max-age has counted down.
    const maxAge = (res: { headers: Headers }) => Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')![1]);
    const unread = new Date(Date.now() + 3 * 24 * HOUR).toISOString().slice(0, 10);
    const first = await t.call('GET', `/v1/public/gates/KT/slots?date=${unread}`);
    expect(maxAge(first)).toBe(PUBLIC_SLOTS_TTL_S);
    await new Promise((r) => setTimeout(r, 1100));
    const later = await t.call('GET', `/v1/public/gates/KT/slots?date=${unread}`);
    expect(maxAge(later)).toBeLessThan(PUBLIC_SLOTS_TTL_S);
    const bad = await t.call('GET', '/v1/public/gates/KT/slots?date=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('date');
  });

  it('another driver cannot move or cancel my booking (404)', async () => {
    const b = await book(await trip(), slotIn(9));
    expect(b.status).toBe(201);
    const other = await t.token('driver2');
    expect((await t.call('POST', `/v1/bookings/${b.body.id}/cancel`, { token: other, body: {} })).status).toBe(404);
    expect((await t.call('POST', `/v1/bookings/${b.body.id}/reschedule`, { token: other, body: { slotStart: slotIn(10) } })).status).toBe(404);
    // And nobody books someone else's trip.
    expect((await book(await trip('driver1'), slotIn(10), 'driver2')).status).toBe(404);
  });
});

describe('capacity under concurrency', () => {
  it('12 bookings at once for an hour of 5 ordinary slots: exactly 5, whichever account asks', async () => {
    const slot = slotIn(12);
    const trips = await Promise.all(Array.from({ length: 12 }, (_, i) => trip(i % 2 === 0 ? 'driver1' : 'driver2')));
    const answers = await Promise.all(trips.map((id, i) => book(id, slot, i % 2 === 0 ? 'driver1' : 'driver2')));
    const ok = answers.filter((a) => a.status === 201);
    expect(ok.length, JSON.stringify(answers.map((a) => a.status))).toBe(5);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(5);
  });
});

describe('a Redis loss', () => {
  it('never oversells the hour: bookings right after a flush wait for the rebuild from the database, then book what is left', async () => {
    const slot = slotIn(14);
    for (let i = 0; i < 3; i++) expect((await book(await trip(), slot)).status).toBe(201);
    // Redis loses every booking key (a flush, a failover to an empty replica); no sweep runs here.
    expect(await deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`)).toBeGreaterThan(0);
    const owner = (i: number) => (i % 2 === 0 ? 'driver1' : 'driver2');
    const trips = await Promise.all(Array.from({ length: 6 }, (_, i) => trip(owner(i))));
    const answers = await Promise.all(trips.map((id, i) => book(id, slot, owner(i))));
    // 5 ordinary slots, 3 held before the loss: exactly 2 more (an empty ledger would have taken all 6).
    expect(answers.filter((a) => a.status === 201).length, JSON.stringify(answers.map((a) => [a.status, a.body.error?.message]))).toBe(2);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.body.error.field === 'slotStart')).toBe(true);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(5);
    // The rebuilt ledger goes on deciding: a cancel frees a slot, and the next booking takes it.
    const won = answers.findIndex((a) => a.status === 201);
    const cancelled = await t.call('POST', `/v1/bookings/${answers[won]!.body.id}/cancel`, { token: await t.token(owner(won)), body: {} });
    expect(cancelled.body.state).toBe('cancelled');
    const late = answers.findIndex((a) => a.status !== 201);
    expect((await book(trips[late]!, slot, owner(late))).status).toBe(201);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(5);
  });
});

describe('a ledger rebuilt while a booking is in flight', () => {
  it('counts the booking between its ledger step and its activation: the last slot is not sold once more', async () => {
    const slot = slotIn(16);
    for (let i = 0; i < 4; i++) expect((await book(await trip(), slot)).status).toBe(201);
    // A second API process (its own bookings over the same stores) takes the last of 5 slots and
    // stops right after the ledger's 'ok', before its booking is active: the window of the race.
    const other = createBookings(testApiContext(t));
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    const held = await holdSlot(other, { id: driver1.id, username: 'driver1', role: 'driver' }, { tripId: await trip(), slotStart: slot });
    // Redis loses the ledger right then; the next booking rebuilds it from the database.
    expect(await deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`)).toBeGreaterThan(0);
    const late = await book(await trip('driver2'), slot, 'driver2');
    expect(late.status, JSON.stringify(late.body)).toBe(409);
    expect(late.body.error.field).toBe('slotStart');
    // The booking in flight goes through, and the hour holds exactly its 5.
    expect((await confirmBooking(other, held)).state).toBe('active');
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(5);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'pending' } })).toBe(0);
    // The rebuilt ledger holds its vehicle (one booking per vehicle) and frees its slot on a cancel.
    const again = await book(held.row.tripId, slotIn(17));
    expect(again.status).toBe(409);
    const cancelled = await t.call('POST', `/v1/bookings/${held.row.id}/cancel`, { token: await t.token('driver1'), body: {} });
    expect(cancelled.body.state).toBe('cancelled');
    expect((await book(await trip('driver2'), slot, 'driver2')).status).toBe(201);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } })).toBe(5);
  });

  it('a booking whose row a rebuild counted before its ledger step is decided afresh, counted once', async () => {
    const slot = slotIn(18);
    for (let i = 0; i < 4; i++) expect((await book(await trip(), slot)).status).toBe(201);
    // A pending row as a booking writes it before its ledger step; the ledger is lost and rebuilt meanwhile.
    const tripId = await trip();
    const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, select: { vehicleId: true, driverId: true, companyId: true, createdById: true } });
    const pending = await t.db.prisma.slotBooking.create({
      data: { gateCode: 'KT', tripId, vehicleId: row.vehicleId, driverId: row.driverId, companyId: row.companyId, accountId: row.createdById, direction: 'exit', slotClass: 'ordinary', slotStart: new Date(slot), state: 'pending' },
    });
    const bk = createBookings(testApiContext(t));
    await deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`);
    expect(await bk.ledger.ensure(t.db.prisma, 'KT')).toBe(true);
    // Its own step (same id) is 'ok' and takes the slot once: the hour is full at 5, not 6.
    const field = `${Date.parse(slot)}:exit:ordinary`;
    expect(await bk.ledger.usedOf('KT', [field])).toEqual([5]);
    expect(await bk.ledger.book('KT', { ...pending, slotStart: Date.parse(slot) }, 5)).toBe('ok');
    expect(await bk.ledger.usedOf('KT', [field])).toEqual([5]);
    expect((await book(await trip('driver2'), slot, 'driver2')).status).toBe(409);
    await t.db.prisma.slotBooking.delete({ where: { id: pending.id } });
    expect(await bk.ledger.release('KT', { ...pending, slotStart: Date.parse(slot) }, 5)).toBe('ok');
  });

  it('a booking left pending by a request that died is dropped by the sweep, and its counted slot is free again', async () => {
    const slot = slotIn(19);
    const tripId = await trip();
    const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, select: { vehicleId: true, driverId: true, companyId: true, createdById: true } });
    const data = { gateCode: 'KT', tripId, vehicleId: row.vehicleId, driverId: row.driverId, companyId: row.companyId, accountId: row.createdById, direction: 'exit', slotClass: 'ordinary', slotStart: new Date(slot), state: 'pending' };
    const fresh = await t.db.prisma.slotBooking.create({ data });
    const stale = await t.db.prisma.slotBooking.create({ data: { ...data, vehicleId: `${row.vehicleId}-x`, driverId: `${row.driverId}-x`, createdAt: new Date(Date.now() - PENDING_MS - 1_000) } });
    const bk = createBookings(testApiContext(t));
    await deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`);
    await bk.ledger.ensure(t.db.prisma, 'KT');
    const field = `${Date.parse(slot)}:exit:ordinary`;
    expect(await bk.ledger.usedOf('KT', [field])).toEqual([2]);
    expect(await sweepPending(bk)).toBe(1);
    // Only the stale one goes: a request still within PENDING_MS may yet confirm its booking.
    expect(await t.db.prisma.slotBooking.findUnique({ where: { id: stale.id } })).toBeNull();
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: fresh.id } })).state).toBe('pending');
    expect(await bk.ledger.usedOf('KT', [field])).toEqual([1]);
    await t.db.prisma.slotBooking.delete({ where: { id: fresh.id } });
    await bk.ledger.release('KT', { ...fresh, slotStart: Date.parse(slot) }, 5);
  });
});

describe('arrival at check-in', () => {
  it('refuses an early truck with the time it may come; on time earns the appointment; late checks in as a walk-in', async () => {
    const operator = await t.token('operator1');
    const early = await trip();
    const eb = await book(early, slotIn(3));
    expect(eb.status).toBe(201);
    const refused = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { qrToken: (await t.db.prisma.trip.findUnique({ where: { id: early } }))!.qrToken } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.message).toMatch(/come from \d{4}-/);

    const onTime = await trip();
    const ob = await book(onTime, slotIn(3));
    // Ten minutes after the slot's start: inside the grace, so on time for the booking and the scheduler.
    const slotNow = new Date(Date.now() - 10 * 60_000);
    await t.db.prisma.slotBooking.update({ where: { id: ob.body.id }, data: { slotStart: slotNow } });
    const okIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { qrToken: (await t.db.prisma.trip.findUnique({ where: { id: onTime } }))!.qrToken } });
    expect(okIn.status, JSON.stringify(okIn.body)).toBeLessThan(300);
    expect(await t.db.prisma.slotBooking.findUnique({ where: { id: ob.body.id } })).toMatchObject({ state: 'arrived', arrival: 'on_time' });
    // The scheduler got the slot as the platform-issued appointment: the truck keeps the slot's place.
    const held = await t.platform.redis.hmget(gateKeysOf(t.platform.schedulers.get('KT')!).trip(onTime), 'appointment', 'score');
    expect(held.map(Number)).toEqual([slotNow.getTime(), slotNow.getTime()]);

    const late = await trip();
    const lb = await book(late, slotIn(3));
    await t.db.prisma.slotBooking.update({ where: { id: lb.body.id }, data: { slotStart: new Date(slotNow.getTime() - 2 * HOUR) } });
    const lateIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { qrToken: (await t.db.prisma.trip.findUnique({ where: { id: late } }))!.qrToken } });
    expect(lateIn.status, JSON.stringify(lateIn.body)).toBeLessThan(300);
    expect(await t.db.prisma.slotBooking.findUnique({ where: { id: lb.body.id } })).toMatchObject({ state: 'arrived', arrival: 'late' });
    // Late is no better than no booking: a walk-in, in the lowest class (routes/walk-ins.test.ts).
    expect(lateIn.body.trip.priority).toMatchObject({ class: 'walk_in', source: 'walk-in' });
  });
});

/** The driver of `phone` books two slots (from `hoursAhead`) and misses both (moved into the past): suspended. */
async function missTwoSlots(phone: string, hoursAhead: number): Promise<{ driverId: string; past: Date }> {
  const past = new Date(Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR);
  let driverId = '';
  for (const h of [0, 1]) {
    const id = await trip('driver1', phone);
    const b = await book(id, slotIn(hoursAhead + h));
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    driverId = (await t.db.prisma.slotBooking.update({ where: { id: b.body.id }, data: { slotStart: new Date(past.getTime() - h * HOUR) } })).driverId;
    // The trip goes too (the per-driver trip cap), as a driver would cancel the crossing.
    await t.call('POST', `/v1/trips/${id}/cancel`, { token: await t.token('driver1'), body: {} });
  }
  return { driverId, past };
}

describe('no-shows, suspension and waiver', () => {
  it("cancelling a trip settles that trip's booking only: a missed slot is a no-show, another's missed slot waits for the sweep", async () => {
    const driver = await t.token('driver1');
    const [missed, other] = [await trip(), await trip()];
    const mb = await book(missed, slotIn(7));
    const ob = await book(other, slotIn(7));
    expect([mb.status, ob.status]).toEqual([201, 201]);
    await t.db.prisma.slotBooking.update({ where: { id: mb.body.id }, data: { slotStart: new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR) } });
    expect((await t.call('POST', `/v1/trips/${other}/cancel`, { token: driver, body: {} })).status).toBe(200);
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: ob.body.id } })).state).toBe('cancelled');
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: mb.body.id } })).state).toBe('active');
    expect((await t.call('POST', `/v1/trips/${missed}/cancel`, { token: driver, body: {} })).status).toBe(200);
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: mb.body.id } })).state).toBe('no_show');
  });

  it("a driver's missed slot counts before any sweep: reading the suspension marks it a no-show and frees the driver's hold", async () => {
    const id = await trip();
    const b = await book(id, slotIn(8));
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const row = await t.db.prisma.slotBooking.update({ where: { id: b.body.id }, data: { slotStart: new Date(Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR) } });
    const seen = await t.call('GET', `/v1/drivers/${row.driverId}/booking-suspension`, { token: await t.token('operator1') });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ noShows: 1, suspendedUntil: null });
    expect((await t.db.prisma.slotBooking.findUniqueOrThrow({ where: { id: b.body.id } })).state).toBe('no_show');
    const holders = await t.platform.redis.hgetall(`${t.prefix}booking:{g:KT}:holders`);
    expect(Object.values(holders)).not.toContain(b.body.id);
  });

  it('two missed slots suspend booking with the reason and the end; an operator waives it with a reason, audited', async () => {
    const phone = uniquePhone();
    const { driverId, past } = await missTwoSlots(phone, 4);
    const third = await trip('driver1', phone);
    const refused = await book(third, slotIn(6), 'driver1', 'zh');
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error.message).toMatch(/暂停预约/);
    const mine = await t.call('GET', '/v1/bookings', { token: await t.token('driver1') });
    expect(mine.body.suspensions.find((s: { driverId: string; suspendedUntil: string | null }) => s.driverId === driverId)?.suspendedUntil).toBeTruthy();

    const operator = await t.token('operator1');
    const seen = await t.call('GET', `/v1/drivers/${driverId}/booking-suspension`, { token: operator });
    expect(seen.body).toMatchObject({ noShows: 2 });
    expect((await t.call('POST', '/v1/booking-waivers', { token: operator, body: { driverId, reason: 'x' } })).status).toBe(400);
    // A NUL in the id once reached PostgreSQL (which refuses it in text) and came back as a 500.
    const nul = await t.call('POST', '/v1/booking-waivers', { token: operator, body: { driverId: '\u0000', reason: 'Xe hỏng trên QL4D, có biên bản' } });
    expect(nul.status).toBe(400);
    expect(JSON.stringify(nul.body)).toContain('driverId');
    const waived = await t.call('POST', '/v1/booking-waivers', { token: operator, body: { driverId, reason: 'Xe hỏng trên QL4D, có biên bản' } });
    expect(waived.status, JSON.stringify(waived.body)).toBe(201);
    expect(waived.body.suspendedUntil).toBeNull();
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'booking.waive', targetId: driverId } })).toBe(1);
    expect((await book(third, slotIn(6))).status).toBe(201);

    const use = await t.call('GET', `/v1/gates/KT/slot-use?date=${new Date(past.getTime() + 7 * HOUR).toISOString().slice(0, 10)}`, { token: await t.token('manager1') });
    expect(use.status).toBe(200);
    expect(use.body.hours.reduce((n: number, h: { noShow: number }) => n + h.noShow, 0)).toBeGreaterThanOrEqual(1);
    expect(use.body.companies.length).toBeGreaterThan(0);
  });
});

describe('a suspended driver, judged in the statement that writes a pending row', () => {
  it('is refused with the same 403 (rule, end, count) and no row of theirs is ever written, not even for a moment', async () => {
    const phone = uniquePhone();
    const { driverId } = await missTwoSlots(phone, 40);
    const third = await trip('driver1', phone);
    // Every row inserted for this driver from here is recorded by the database itself, even one deleted at once
    // (a ledger rebuild in between would have counted it: a slot held for a driver who may not book).
    await t.db.prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS "test_inserted_bookings" ("id" text, "driver_id" text)');
    await t.db.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION "test_record_booking"() RETURNS trigger AS $$
      BEGIN INSERT INTO "test_inserted_bookings" VALUES (NEW."id", NEW."driver_id"); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.db.prisma.$executeRawUnsafe('CREATE TRIGGER "test_record_booking" AFTER INSERT ON "slot_bookings" FOR EACH ROW EXECUTE FUNCTION "test_record_booking"()');
    try {
      const refused = await book(third, slotIn(42));
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      const seen = await t.call('GET', `/v1/drivers/${driverId}/booking-suspension`, { token: await t.token('operator1') });
      const rules = bookingRulesFrom(process.env);
      expect(refused.body.error.field).toBe('tripId');
      expect(refused.body.error.message).toBe(`Booking is suspended until ${seen.body.suspendedUntil}: 2 missed slots in ${rules.noShowWindowDays} days `
        + `(rule: ${rules.noShowLimit} no-shows suspend booking for ${rules.suspensionDays} days). An operator can review it.`);
      expect(await t.db.prisma.$queryRawUnsafe('SELECT "id" FROM "test_inserted_bookings" WHERE "driver_id" = $1', driverId)).toEqual([]);
      // The control: the trigger sees a booking that is written.
      const other = await trip();
      expect((await book(other, slotIn(42))).status).toBe(201);
      expect(await t.db.prisma.$queryRawUnsafe('SELECT count(*)::int AS "n" FROM "test_inserted_bookings"')).toEqual([{ n: 1 }]);
    } finally {
      await t.db.prisma.$executeRawUnsafe('DROP TRIGGER "test_record_booking" ON "slot_bookings"');
    }
  });
});

/** The text of a raw statement as a query extension sees it (a tagged template's strings). */
const rawSql = (args: unknown): string => ((args as { strings?: readonly string[] }).strings ?? []).join('?');

describe('a booking that cannot win writes nothing', () => {
  it('a booked vehicle and an account at its quota are refused by the ledger before any database write', async () => {
    // The same stores through a client that counts the booking rows written (a real client, extended).
    let writes = 0;
    const db = t.db.prisma.$extends({
      query: {
        slotBooking: { create: ({ args, query }) => { writes++; return query(args); } },
        // The pending row is one raw INSERT (booking/booking-rows.ts), the booking path's only raw write before its ledger
        // step: alone, or in the statement that reads the driver's no-shows.
        $executeRaw: ({ args, query }) => { writes++; return query(args); },
        $queryRaw: ({ args, query }) => { if (rawSql(args).includes('INSERT INTO "slot_bookings"')) writes++; return query(args); },
      },
    }) as unknown as typeof t.db.prisma;
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    const who = { id: driver1.id, username: 'driver1', role: 'driver' as const };
    const bk = createBookings(testApiContext(t, { db }), { ...process.env, BOOKING_ACCOUNT_QUOTA: '1' });
    const tripId = await trip();
    expect((await book(tripId, slotIn(20))).status).toBe(201);
    const counted = async (input: { tripId: string; slotStart: string }) => {
      const before = writes;
      const refused = await holdSlot(bk, who, input).then(() => null, (err: { status?: number; field?: string }) => err);
      return { refused, writes: writes - before };
    };
    // The vehicle already holds a booking: one per vehicle.
    const vehicle = await counted({ tripId, slotStart: slotIn(21) });
    expect(vehicle.refused?.status).toBe(409);
    expect(vehicle.refused?.field).toBe('tripId');
    expect(vehicle.writes).toBe(0);
    // driver1's account holds at least one active booking, its quota here.
    const quota = await counted({ tripId: await trip(), slotStart: slotIn(21) });
    expect(quota.refused?.status).toBe(409);
    expect(quota.writes).toBe(0);
    // One that can win still writes its pending row first (the guarantee across a ledger rebuild).
    const open = createBookings(testApiContext(t, { db }));
    const held = await holdSlot(open, who, { tripId: await trip('driver1'), slotStart: slotIn(22) }).then(() => 1, () => 0);
    expect(held).toBe(1);
    expect(writes).toBeGreaterThan(0);
  });
});

describe("a carrier's booking event", () => {
  it('is written with the booking, the same message a cancel writes (company, plate, slot), only for a company with an endpoint for it', async () => {
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    // What the carrier gets of a trip's events: still in the outbox, or already turned by the relay into a delivery per endpoint.
    const events = async (tripId: string) => {
      const queued = (await t.db.prisma.outboxMessage.findMany({ where: { topic: 'company_webhook', key: tripId }, orderBy: { createdAt: 'asc' } }))
        .map((m) => m.payload as { event: string; data: Record<string, unknown> }).map((p) => ({ type: p.event, data: p.data }));
      const delivered = (await t.db.prisma.webhookDelivery.findMany({ orderBy: { createdAt: 'asc' } }))
        .map((d) => d.payload as { type: string; data: Record<string, unknown> }).filter((p) => p.data.tripId === tripId).map((p) => ({ type: p.type, data: p.data }));
      return [...delivered, ...queued];
    };
    // No endpoint yet: no message.
    const quiet = await trip();
    const first = await book(quiet, slotIn(30));
    expect(first.status).toBe(201);
    expect(await events(quiet)).toHaveLength(0);
    expect((await t.call('POST', `/v1/bookings/${first.body.id}/cancel`, { token: await t.token('driver1'), body: {} })).status).toBe(200);
    const endpoint = await t.db.prisma.webhookEndpoint.create({
      data: { companyId: driver1.companyId!, url: 'http://127.0.0.1:9/hook', events: ['booking'], secret: 'x'.repeat(32), createdById: driver1.id },
    });
    try {
      const tripId = await trip();
      const booked = await book(tripId, slotIn(31));
      expect(booked.status).toBe(201);
      expect((await t.call('POST', `/v1/bookings/${booked.body.id}/cancel`, { token: await t.token('driver1'), body: {} })).status).toBe(200);
      let seen = await events(tripId);
      for (let i = 0; i < 50 && seen.length < 2; i++) seen = await new Promise((r) => setTimeout(r, 100)).then(() => events(tripId));
      const made = seen.find((e) => e.data.reason === 'booked');
      const cancelled = seen.find((e) => e.data.reason !== 'booked');
      const { plateDisplay } = (await t.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, select: { vehicle: { select: { plateDisplay: true } } } })).vehicle;
      expect(made).toEqual({ type: 'booking', data: { tripId, gate: 'KT', plate: plateDisplay, laneId: null, reason: 'booked', slotStart: slotIn(31) } });
      // The cancel's message is written by notify/company-events.ts: the booking's is the same but for its reason.
      expect({ ...cancelled, data: { ...cancelled!.data, reason: null } }).toEqual({ ...made, data: { ...made!.data, reason: null } });
    } finally {
      await t.db.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { revokedAt: new Date() } });
    }
  });
});

describe("the gate's cut-off is a setting", () => {
  it('a booking says until when it may be moved under the rules in force (BOOKING_CUTOFF_HOURS=3)', () => {
    const view = bookingView({ id: 'b', tripId: 't', gateCode: 'KT', direction: 'exit', slotClass: 'ordinary', slotStart: new Date('2026-12-07T05:00:00Z'), state: 'active', reschedules: 0, arrival: null },
      bookingRulesFrom({ BOOKING_CUTOFF_HOURS: '3' }));
    expect(view.reschedulableUntil).toBe('2026-12-07T02:00:00.000Z');
  });
});
