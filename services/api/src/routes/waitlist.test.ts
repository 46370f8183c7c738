/**
 * The waiting list of a full slot, through the API against real Redis and a real database: join,
 * an offer on a cancel, no double offer and no oversell while it is open, accept, leave, an expired
 * offer passing to the next in line, and many drivers racing for one freed slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import type { ApiContext } from '../context.ts';
import { sweepBookings } from '../booking/booking-sweep.ts';
import { everyHourPlan, startBookingTestApi } from '../testing/booking-fixtures.ts';
import { testApiContext, type TestApi } from '../testing/test-api.ts';
import { PENDING_MS, createBookings, sweepPending } from '../booking/booking-service.ts';
import { insertPendingBooking } from '../booking/booking-rows.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';

const HOUR = 3_600_000;
let t: TestApi;
const slotIn = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR).toISOString();

let close: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ t, close } = await startBookingTestApi(everyHourPlan(1)));
}, 60_000);
afterAll(() => close?.());

async function trip(username = 'driver1'): Promise<string> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token(username), body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
const as = async (username: string) => ({ token: await t.token(username) });
const book = async (tripId: string, slotStart: string, username = 'driver1') => t.call('POST', '/v1/bookings', { ...(await as(username)), body: { tripId, slotStart } });
const join = async (tripId: string, slotStart: string, username = 'driver1', lang?: string) =>
  t.call('POST', '/v1/gates/KT/waitlist', { ...(await as(username)), body: { tripId, slotStart }, headers: lang ? { 'accept-language': lang } : {} });
const mine = async (username = 'driver1') => (await t.call('GET', '/v1/gates/KT/waitlist', await as(username))).body.entries as Array<{ id: string; state: string; position: number | null; offerExpiresAt: string | null; bookingId: string | null }>;
const entry = async (id: string, username = 'driver1') => (await mine(username)).find((e) => e.id === id)!;
const activeIn = (slot: string) => t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slot), state: 'active' } });

describe('waiting list', () => {
  it('offers a cancelled slot to the first in line only, who accepts it; the next waits on', async () => {
    const slot = slotIn(5);
    const a = await book(await trip(), slot);
    expect(a.status).toBe(201);
    const [b, c, d] = [await trip(), await trip('driver2'), await trip()];
    expect((await book(b, slot)).status).toBe(409);
    // Waiting is for full slots only: an hour with room says so, in the driver's language.
    const roomy = await join(b, slotIn(6), 'driver1', 'vi');
    expect(roomy.status).toBe(409);
    expect(roomy.body.error).toMatchObject({ field: 'slotStart' });
    expect(roomy.body.error.message).toMatch(/còn chỗ/);

    const jb = await join(b, slot);
    expect(jb.status, JSON.stringify(jb.body)).toBe(201);
    expect(jb.body).toMatchObject({ state: 'waiting', position: 1, slotClass: 'ordinary', direction: 'exit' });
    expect((await join(b, slot)).status).toBe(409); // once per trip and slot
    const jc = await join(c, slot, 'driver2');
    expect(jc.body.position).toBe(2);

    await t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: { reason: 'Xe hỏng' } });
    const offered = await entry(jb.body.id);
    expect(offered.state).toBe('offered');
    expect(Date.parse(offered.offerExpiresAt!)).toBeGreaterThan(Date.now());
    expect((await entry(jc.body.id, 'driver2')).position).toBe(1);
    // While the offer is open the slot is nobody else's: no booking, no second offer.
    expect((await book(d, slot)).status).toBe(409);
    expect((await entry(jc.body.id, 'driver2')).state).toBe('waiting');
    // Another account cannot take the offer.
    expect((await t.call('POST', `/v1/gates/KT/waitlist/${jb.body.id}/accept`, await as('driver2'))).status).toBe(404);

    const accepted = await t.call('POST', `/v1/gates/KT/waitlist/${jb.body.id}/accept`, await as('driver1'));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body).toMatchObject({ state: 'active', tripId: b, slotStart: slot });
    expect((await entry(jb.body.id)).state).toBe('booked');
    expect(await activeIn(slot)).toBe(1);
    expect((await t.call('POST', `/v1/gates/KT/waitlist/${jb.body.id}/accept`, await as('driver1'))).status).toBe(409);

    // Moving away frees the slot too: the next in line gets it.
    const moved = await t.call('POST', `/v1/bookings/${accepted.body.id}/reschedule`, { ...(await as('driver1')), body: { slotStart: slotIn(7) } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await entry(jc.body.id, 'driver2')).state).toBe('offered');
    // Declining (leaving) with the offer open frees the slot for everyone: nobody else waits.
    expect((await t.call('POST', `/v1/gates/KT/waitlist/${jc.body.id}/leave`, await as('driver2'))).body.state).toBe('left');
    expect((await book(d, slot)).status).toBe(201);
    expect(await activeIn(slot)).toBe(1);
  });

  it('an offer not accepted in time goes to the next in line', async () => {
    const slot = slotIn(8);
    const a = await book(await trip(), slot);
    const [b, c] = [await trip(), await trip()];
    const jb = (await join(b, slot)).body;
    const jc = (await join(c, slot)).body;
    await t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: {} });
    expect((await entry(jb.id)).state).toBe('offered');
    // The offer's time runs out (its deadline moved into the past, as the clock is real).
    const offersKey = `${t.prefix}booking:{g:KT}:offers`;
    await t.platform.redis.zadd(offersKey, Date.now() - 1, jb.id);
    expect((await entry(jb.id)).state).toBe('expired');
    expect((await entry(jc.id)).state).toBe('offered');
    const late = await t.call('POST', `/v1/gates/KT/waitlist/${jb.id}/accept`, await as('driver1'));
    expect(late.status).toBe(409);
    expect((await t.call('POST', `/v1/gates/KT/waitlist/${jc.id}/accept`, await as('driver1'))).status).toBe(201);
    expect(await activeIn(slot)).toBe(1);
  });

  it('a freed slot raced by bookers, a waiting driver accepting twice and a second cancel: one booking, never two', async () => {
    const slot = slotIn(10);
    const a = await book(await trip(), slot);
    const waiters = await Promise.all(Array.from({ length: 6 }, () => trip()));
    const entries: string[] = [];
    for (const w of waiters) entries.push((await join(w, slot)).body.id as string);
    const bookers = await Promise.all(Array.from({ length: 8 }, () => trip('driver2')));
    const answers = await Promise.all([
      t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: {} }),
      t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: {} }),
      ...bookers.map((id) => book(id, slot, 'driver2')),
    ]);
    expect(answers.slice(2).every((r) => r.status === 409), JSON.stringify(answers.map((r) => r.status))).toBe(true);
    const states = await Promise.all(entries.map((id) => entry(id)));
    expect(states.filter((e) => e.state === 'offered').map((e) => e.id)).toEqual([entries[0]]);
    const accepts = await Promise.all([0, 1, 2].map(async () => t.call('POST', `/v1/gates/KT/waitlist/${entries[0]}/accept`, await as('driver1'))));
    expect(accepts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await activeIn(slot)).toBe(1);
    const free = await t.call('GET', `/v1/public/gates/KT/slots?date=${new Date(Date.parse(slot) + 7 * HOUR).toISOString().slice(0, 10)}`);
    const row = free.body.hours.find((h: { start: string; direction: string; slotClass: string }) => h.start === slot && h.direction === 'exit' && h.slotClass === 'ordinary');
    expect(row).toMatchObject({ capacity: 1, booked: 1, free: 0 });
  });
});

describe('a Redis loss', () => {
  it('gives back every place in line, in order, and the open offer with its slot (PostgreSQL is the record)', async () => {
    const slot = slotIn(17);
    const a = await book(await trip(), slot);
    expect(a.status).toBe(201);
    const [b, c, d] = [await trip(), await trip('driver2'), await trip()];
    const jb = (await join(b, slot)).body;
    const jc = (await join(c, slot, 'driver2')).body;
    const jd = (await join(d, slot)).body;
    await t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: {} });
    const before = await entry(jb.id);
    expect(before.state).toBe('offered');
    expect([(await entry(jc.id, 'driver2')).position, (await entry(jd.id)).position]).toEqual([1, 2]);

    // Redis restarts empty: every booking key of the platform is gone.
    expect(await deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`)).toBeGreaterThan(0);
    // The booking sweep (as after the reconnect) finds the ledger lost and rebuilds it from the database.
    const ctx = { db: t.db.prisma, redis: t.platform.redis, prefix: t.prefix, schedulers: t.platform.schedulers } as unknown as ApiContext;
    await sweepBookings(ctx);

    expect(await entry(jb.id)).toMatchObject({ state: 'offered', offerExpiresAt: before.offerExpiresAt });
    expect(await entry(jc.id, 'driver2')).toMatchObject({ state: 'waiting', position: 1 });
    expect(await entry(jd.id)).toMatchObject({ state: 'waiting', position: 2 });
    // The offered slot is still held for the first in line: nobody books it meanwhile.
    expect((await book(await trip('driver2'), slot, 'driver2')).status).toBe(409);
    const accepted = await t.call('POST', `/v1/gates/KT/waitlist/${jb.id}/accept`, await as('driver1'));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(await activeIn(slot)).toBe(1);
    // The order still holds after the loss: the next freed slot goes to c, not d.
    await t.call('POST', `/v1/bookings/${accepted.body.id}/cancel`, { ...(await as('driver1')), body: {} });
    expect((await entry(jc.id, 'driver2')).state).toBe('offered');
    expect(await entry(jd.id)).toMatchObject({ state: 'waiting', position: 1 });
  });
});

describe('a planned lane closure', () => {
  it('lowers the capacity, tells the booking holder on their booking page and through the outbox', async () => {
    const slot = slotIn(13);
    const b = await book(await trip(), slot);
    expect(b.status).toBe(201);
    const manager = await t.token('manager1');
    const current = (await t.call('GET', '/v1/gates/KT/capacity-plan', { token: manager })).body.plan;
    const local = new Date(Date.parse(slot) + 7 * HOUR);
    const closure = { date: local.toISOString().slice(0, 10), fromHour: local.getUTCHours(), toHour: local.getUTCHours() + 1, direction: 'exit', slotClass: 'ordinary', slots: 1, reason: 'X-ray lane maintenance' };
    const r = await t.call('PUT', '/v1/gates/KT/capacity-plan', { token: manager, body: { ...current, closures: [closure] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.notified).toBe(1);
    const mine = (await t.call('GET', '/v1/bookings', await as('driver1'))).body;
    expect(mine.notices.find((n: { bookingId: string }) => n.bookingId === b.body.id)).toMatchObject({ kind: 'capacity_lowered' });
    const outbox = await t.db.prisma.outboxMessage.findMany({ where: { topic: 'booking_notice', key: b.body.id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toMatchObject({ kind: 'capacity_lowered', gateCode: 'KT', slotStart: slot });
    await t.call('PUT', '/v1/gates/KT/capacity-plan', { token: manager, body: current });
  });
});

describe('an operator cancels a trip with a booking', () => {
  it('cancels its booking too (audited, with the reason), and the slot goes to the first in line', async () => {
    const slot = slotIn(15);
    const booked = await trip();
    const b = await book(booked, slot);
    const waiter = await trip();
    const entryId = (await join(waiter, slot)).body.id;
    const operator = await t.token('operator1');
    expect((await t.call('POST', `/v1/trips/${booked}/cancel`, { token: operator, body: {} })).status).toBe(400);
    const r = await t.call('POST', `/v1/trips/${booked}/cancel`, { token: operator, body: { reason: 'Xe không đủ giấy tờ' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await t.db.prisma.slotBooking.findUnique({ where: { id: b.body.id } })).toMatchObject({ state: 'cancelled', cancelReason: 'Xe không đủ giấy tờ' });
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'booking.operator-cancel', targetId: b.body.id } })).toBe(1);
    expect((await entry(entryId)).state).toBe('offered');
  });
});

describe('accepting an offer: the row before the ledger', () => {
  it('a pending accept a rebuild counted is counted once; one that died before its activation gives the slot to the next in line', async () => {
    const bk = createBookings(testApiContext(t));
    const slot = slotIn(19);
    const a = await book(await trip(), slot);
    expect(a.status).toBe(201);
    const [b, c] = [await trip(), await trip('driver2')];
    const jb = (await join(b, slot)).body;
    const jc = (await join(c, slot, 'driver2')).body;
    await t.call('POST', `/v1/bookings/${a.body.id}/cancel`, { ...(await as('driver1')), body: {} });
    const [e] = await bk.ledger.entries('KT', [jb.id]);
    expect(e!.state).toBe('offered');
    // An accept as acceptOffer makes it: its pending row first; then Redis is lost and rebuilt before its ledger step.
    const [start, direction, slotClass] = e!.field.split(':');
    const row = {
      id: crypto.randomUUID(), gateCode: 'KT', tripId: e!.tripId, vehicleId: e!.vehicleId, driverId: e!.driverId, companyId: e!.companyId || null,
      accountId: e!.accountId, direction: direction!, slotClass: slotClass!, slotStart: new Date(Number(start)),
    };
    await insertPendingBooking(t.db.prisma, row);
    await bk.ledger.rebuild(t.db.prisma, 'KT');
    // Counted twice meanwhile (the offer and the pending row): nobody takes it.
    expect(await bk.ledger.usedOf('KT', [e!.field])).toEqual([2]);
    expect(await bk.ledger.accept('KT', e!, row.id, 1)).toBe('ok');
    // Its own step took the pending count back: the slot once, the offer turned into this booking.
    expect(await bk.ledger.usedOf('KT', [e!.field])).toEqual([1]);
    // The request died before its activation: the sweep drops the row and the slot goes on to the next in line.
    expect(await sweepPending(bk, Date.now() + PENDING_MS + 1_000)).toBeGreaterThanOrEqual(1);
    expect(await t.db.prisma.slotBooking.count({ where: { id: row.id } })).toBe(0);
    expect((await entry(jc.id, 'driver2')).state).toBe('offered');
    expect(await bk.ledger.usedOf('KT', [e!.field])).toEqual([1]);
  });
});
