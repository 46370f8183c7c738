/**
 * Fair release against real Redis and a real database, with the clock passed in: before the
 * published release time nothing is taken; during the collection window direct booking is refused
 * and requests are only collected; at the draw they are booked in the seeded random order, so
 * asking in the first millisecond gains nothing over asking in the last.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import { everyHourPlan } from '../testing/booking-fixtures.ts';
import { drawOrder } from '@borderflow/scheduler';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { bookSlot, createBookings, type Bookings } from './booking-service.ts';
import { drawRelease, releaseOfDate, releaseView, requestInDraw } from './fair-release.ts';
import { hourStartsOf } from './local-time.ts';

const HOUR = 3_600_000;
const TZ = 'Asia/Ho_Chi_Minh';
let t: TestApi;
let bk: Bookings;

beforeAll(async () => {
  t = await startTestApi();
  const plan = everyHourPlan(2);
  expect((await t.call('PUT', '/v1/gates/KT/capacity-plan', { token: await t.token('manager1'), body: plan })).status).toBe(200);
  const ctx = { db: t.db.prisma, redis: t.platform.redis, prefix: t.prefix, schedulers: t.platform.schedulers } as unknown as ApiContext;
  bk = createBookings(ctx, { BOOKING_ACCOUNT_QUOTA: '100', BOOKING_RELEASE_HOUR: '8', BOOKING_RELEASE_WINDOW_SECONDS: '60' });
}, 60_000);
afterAll(() => t?.close());

async function principal(username: string): Promise<Principal> {
  const u = await t.db.prisma.user.findUniqueOrThrow({ where: { username } });
  return { id: u.id, username, role: 'driver' };
}
async function trip(username: string): Promise<string> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token(username), body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
const ruleOf = async (p: Promise<unknown>) => p.then(() => 'ok', (err: { rule?: string }) => err.rule);

describe('fair release', () => {
  it('refuses before the release, collects during the window, and books in the drawn order, not the order of arrival', async () => {
    // A day 20 days ahead; its release is (20 - 14) days from now at 08:00 local: the clock is passed in.
    const date = new Date(Date.now() + 20 * 24 * HOUR + 7 * HOUR).toISOString().slice(0, 10);
    const rel = releaseOfDate(bk, date, TZ);
    expect(rel.drawAt - rel.releaseAt).toBe(60_000);
    const slotStart = new Date(hourStartsOf(date, TZ)[10]!).toISOString();
    const who = { d1: await principal('driver1'), d2: await principal('driver2') };
    const trips = await Promise.all(Array.from({ length: 8 }, (_, i) => trip(i % 2 ? 'driver2' : 'driver1')));
    const ownerOf = (i: number) => (i % 2 ? who.d2 : who.d1);

    // Early: refused, with the time it opens.
    expect(await ruleOf(requestInDraw(bk, who.d1, 'KT', { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt - 1))).toBe('not_released');
    expect(await ruleOf(bookSlot(bk, who.d1, { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt - 1))).toBe('not_released');
    // In the window: first come is not served; requests are collected, one per trip.
    expect(await ruleOf(bookSlot(bk, who.d1, { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt))).toBe('release_draw');
    const entered = [];
    for (const [i, tripId] of trips.entries()) {
      // The first one asks in the very first millisecond, the last one just before the window closes.
      const at = rel.releaseAt + Math.round((i / (trips.length - 1)) * 59_999);
      entered.push(await requestInDraw(bk, ownerOf(i), 'KT', { tripId, slotStart }, undefined, at));
    }
    const again = await requestInDraw(bk, who.d1, 'KT', { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt + 5);
    expect(again.requestId).toBe(entered[0]!.requestId);
    expect(await ruleOf(requestInDraw(bk, who.d1, 'KT', { tripId: trips[0]!, slotStart }, undefined, rel.drawAt))).toBe('release_closed');

    const book = (w: Principal, input: { tripId: string; slotStart: string }) => bookSlot(bk, w, input, undefined, rel.drawAt, true);
    expect(await drawRelease(bk, 'KT', date, book, rel.drawAt - 1)).toBeNull();
    const seed = await drawRelease(bk, 'KT', date, book, rel.drawAt);
    // Anyone can replay the draw: the seed comes from the request ids, the order from the seed.
    expect(seed).toBe(createHash('sha256').update(`KT|${date}|${entered.map((e) => e.requestId).sort().join(',')}`).digest('hex'));
    const expected = drawOrder(entered, seed!).slice(0, 2).map((e) => e.tripId).sort();
    const booked = await t.db.prisma.slotBooking.findMany({ where: { slotStart: new Date(slotStart), state: 'active' } });
    expect(booked.map((b) => b.tripId).sort()).toEqual(expected);
    // A second draw (another process, the sweep) changes nothing.
    expect(await drawRelease(bk, 'KT', date, book, rel.drawAt + 1)).toBe(seed);
    expect(await t.db.prisma.slotBooking.count({ where: { slotStart: new Date(slotStart), state: 'active' } })).toBe(2);

    const view = await releaseView(bk, who.d1, 'KT', date);
    expect(view).toMatchObject({ drawn: true, seed, windowSeconds: 60 });
    expect(view.requests.every((r) => r.outcome === 'booked' || r.rule === 'full')).toBe(true);
    // After the draw, what is left is booked first come: here nothing is.
    expect(await ruleOf(bookSlot(bk, who.d1, { tripId: await trip('driver1'), slotStart }, undefined, rel.drawAt + 2))).toBe('full');
  });

  it('keeps collected requests and the drawn order through a Redis loss (PostgreSQL is the record)', async () => {
    const date = new Date(Date.now() + 21 * 24 * HOUR + 7 * HOUR).toISOString().slice(0, 10);
    const rel = releaseOfDate(bk, date, TZ);
    const slotStart = new Date(hourStartsOf(date, TZ)[11]!).toISOString();
    const who = { d1: await principal('driver1'), d2: await principal('driver2') };
    const trips = await Promise.all(Array.from({ length: 6 }, (_, i) => trip(i % 2 ? 'driver2' : 'driver1')));
    const entered = [];
    for (const [i, tripId] of trips.entries()) entered.push(await requestInDraw(bk, i % 2 ? who.d2 : who.d1, 'KT', { tripId, slotStart }, undefined, rel.releaseAt + i * 1000));
    const lose = () => deleteKeysWithPrefix(t.platform.redis as Redis, `${t.prefix}booking:`);
    // Redis restarts empty in the middle of the collection window: every request is still there.
    await lose();
    const again = await requestInDraw(bk, who.d1, 'KT', { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt + 10_000);
    expect(again.requestId).toBe(entered[0]!.requestId);
    // The window is still collecting after the loss: direct booking stays refused.
    expect(await ruleOf(bookSlot(bk, who.d1, { tripId: trips[0]!, slotStart }, undefined, rel.releaseAt + 20_000))).toBe('release_draw');

    const book = (w: Principal, input: { tripId: string; slotStart: string }) => bookSlot(bk, w, input, undefined, rel.drawAt, true);
    const seed = await drawRelease(bk, 'KT', date, book, rel.drawAt);
    expect(seed).toBe(createHash('sha256').update(`KT|${date}|${entered.map((e) => e.requestId).sort().join(',')}`).digest('hex'));
    const order = drawOrder(entered, seed!).map((e) => e.tripId);
    const booked = await t.db.prisma.slotBooking.findMany({ where: { slotStart: new Date(slotStart), state: 'active' } });
    expect(booked.map((b) => b.tripId).sort()).toEqual(order.slice(0, 2).sort());

    // Lost again after the draw: the seed and every outcome come back, and nobody draws twice.
    await lose();
    expect(await drawRelease(bk, 'KT', date, book, rel.drawAt + 1)).toBe(seed);
    const views = [...(await releaseView(bk, who.d1, 'KT', date)).requests, ...(await releaseView(bk, who.d2, 'KT', date)).requests];
    expect(views).toHaveLength(6);
    const outcome = new Map(views.map((r) => [r.tripId, r.outcome === 'booked' ? 'booked' : r.rule]));
    expect(order.map((id) => outcome.get(id))).toEqual(['booked', 'booked', 'full', 'full', 'full', 'full']);
    expect((await releaseView(bk, who.d1, 'KT', date)).seed).toBe(seed);
  });

  it('publishes the release time and the draw on the public slots feed', async () => {
    const date = new Date(Date.now() + 3 * 24 * HOUR).toISOString().slice(0, 10);
    const r = await t.call('GET', `/v1/public/gates/KT/slots?date=${date}`);
    expect(r.status).toBe(200);
    const rel = releaseOfDate(bk, date, TZ);
    expect(r.body.release).toEqual({ releaseAt: new Date(rel.releaseAt).toISOString(), drawAt: new Date(rel.drawAt).toISOString() });
  });

  it("refuses a draw request that no booking could meet, by the booking's own rule, and answers far-off years with a refusal, not a 500", async () => {
    const date = new Date(Date.now() + 20 * 24 * HOUR + 7 * HOUR).toISOString().slice(0, 10);
    const rel = releaseOfDate(bk, date, TZ);
    const slot = hourStartsOf(date, TZ)[10]!;
    const tripId = await trip('driver1');
    const d1 = await principal('driver1');
    const during = rel.releaseAt + 1;
    expect(await ruleOf(requestInDraw(bk, d1, 'KT', { tripId, slotStart: new Date(slot + 30 * 60_000).toISOString() }, undefined, during))).toBe('slot_not_on_hour');
    expect(await ruleOf(requestInDraw(bk, d1, 'KT', { tripId, slotStart: new Date(during - HOUR).toISOString().slice(0, 13) + ':00:00Z' }, undefined, during))).toBe('slot_in_past');
    // The fuzz found these (seed 1348952291): Intl wrote year 1 as '1', so the day's release was NaN.
    const token = await t.token('driver1');
    for (const [slotStart, words] of [['0001-01-01T00:00:00+07:00', /already started/], ['9999-12-31T23:00:00Z', /^The slots of \+010000-01-01 open at/]] as const) {
      const r = await t.call('POST', '/v1/gates/KT/slot-releases/requests', { token, body: { tripId, slotStart } });
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body.error).toMatchObject({ field: 'slotStart', message: expect.stringMatching(words) });
    }
    expect(await t.db.prisma.releaseRequest.count({ where: { tripId } })).toBe(0);
  });
});
