/**
 * Walk-ins (issue 12) through the API, against real Redis and a real database: at a gate with a
 * published capacity plan, a truck without a slot checks in as a walk-in — admitted while the
 * hour's walk-in share lasts (counted atomically in the slot ledger, so parallel check-ins never
 * exceed it), queued in the lowest class `walk_in` (called after ordinary and appointment trucks),
 * with "walk-in" in its call-up's reason; confirmed perishable cargo keeps its class.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkInLimits } from '@borderflow/scheduler';
import { gateKeysOf } from '@borderflow/scheduler/testing';
import type { TestApi } from '../testing/test-api.ts';
import { SlotLedger } from '../booking/slot-ledger.ts';
import { everyHourPlan, startBookingTestApi } from '../testing/booking-fixtures.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const HOUR = 3_600_000;
/** 20 ordinary slots an hour each way: 25 trucks an hour, 5 of them walk-ins (20 %). */
const SLOTS = 20;
const LIMIT = walkInLimits(SLOTS, 0.2).walkIns;
let t: TestApi;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ t, close } = await startBookingTestApi(everyHourPlan(SLOTS)));
}, 60_000);
afterAll(() => close?.());

async function trip(body: Parameters<typeof tripRequest>[0] = {}): Promise<{ id: string; qrToken: string }> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest(body) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: r.body.id } });
  return { id: row.id, qrToken: row.qrToken };
}

async function checkIn(qrToken: string, extra: Record<string, unknown> = {}, lang = 'en') {
  return t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { qrToken, ...extra }, headers: { 'accept-language': lang } });
}

const tripHash = (id: string) => t.platform.redis.hgetall(gateKeysOf(t.platform.schedulers.get('KT')!).trip(id));

describe('walk-ins at the lowest priority', () => {
  it('queues a walk-in behind an appointment truck that came later; confirmed perishable keeps its class', async () => {
    const operator = await t.token('operator1');
    // Both general exit lanes paused: every exit truck waits, so the order is the policy's.
    for (const lane of ['KT-X1', 'KT-X2']) {
      const r = await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'Thử thứ tự gọi' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const walker = await trip();
    const w = await checkIn(walker.qrToken);
    expect(w.status, JSON.stringify(w.body)).toBeLessThan(300);
    expect(w.body.trip.priority).toMatchObject({ class: 'walk_in', source: 'walk-in' });
    expect(await tripHash(walker.id)).toMatchObject({ class: 'walk_in', classSource: 'walk-in', appointment: '' });
    expect(await t.db.prisma.walkIn.count({ where: { tripId: walker.id } })).toBe(1);

    // Booked, arriving on time for a slot starting 20 min from now: its place in line (the slot's
    // start) is later than the walk-in's arrival, yet its class is called first.
    const booked = await trip();
    const b = await t.call('POST', '/v1/bookings', { token: await t.token('driver1'), body: { tripId: booked.id, slotStart: new Date(Math.floor(Date.now() / HOUR) * HOUR + 4 * HOUR).toISOString() } });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const slotStart = Date.now() + 20 * 60_000;
    await t.db.prisma.slotBooking.update({ where: { id: b.body.id }, data: { slotStart: new Date(slotStart) } });
    const a = await checkIn(booked.qrToken);
    expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
    // Its class from the facts (driver1's company is a trusted trader): a slot keeps it.
    expect(a.body.trip.priority).toMatchObject({ class: 'trusted', source: 'trusted-trader' });
    const held = await tripHash(booked.id);
    expect(Number(held.score)).toBe(slotStart);
    expect(Number(held.score)).toBeGreaterThan(Number((await tripHash(walker.id)).score));

    // Lychee confirmed by the operator at the gate, without a slot: admitted as a walk-in (counted
    // against the share), but perishable stays perishable.
    const fruit = await trip({ cargo: [{ description: 'Vải thiều tươi', hsCode: '0810.90.10', packages: 500, grossKg: 9000 }] });
    const f = await checkIn(fruit.qrToken, { confirmPerishable: true });
    expect(f.status, JSON.stringify(f.body)).toBeLessThan(300);
    expect(f.body.trip.priority).toMatchObject({ class: 'perishable', source: 'hs-list+operator' });
    expect(await t.db.prisma.walkIn.count({ where: { tripId: fruit.id } })).toBe(1);

    // One lane opens: the appointment truck is called, not the walk-in that waited longer.
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-X1/open', { token: operator, body: { reason: 'Hết giờ nghỉ' } })).status).toBe(200);
    await expect.poll(async () => (await tripHash(booked.id)).state, { timeout: 20_000 }).toBe('called');
    expect((await tripHash(walker.id)).state).toBe('queued');
    // The second lane: now the walk-in, and its call-up says why (class and source "walk-in").
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-X2/open', { token: operator, body: { reason: 'Hết giờ nghỉ' } })).status).toBe(200);
    await expect.poll(async () => (await tripHash(walker.id)).state, { timeout: 20_000 }).toBe('called');
    const events = await t.platform.schedulers.get('KT')!.readEvents('0', 10_000);
    const call = events.filter((e) => e.type === 'trip_called' && e.trip?.id === walker.id).pop();
    expect(call?.reason).toMatchObject({ priorityClass: 'walk_in', classSource: 'walk-in' });
  });

  it(`admits at most ${LIMIT} walk-ins an hour however many check in at once; the rest are told to book (409, in their language)`, async () => {
    const n = LIMIT + 7;
    const trips = await Promise.all(Array.from({ length: n }, () => trip({ direction: 'entry' })));
    const run = randomUUID().slice(0, 8);
    const commandId = (i: number) => `walk-in-${run}-${i}`;
    const answers = await Promise.all(trips.map((tr, i) => checkIn(tr.qrToken, { commandId: commandId(i) }, ['vi', 'en', 'zh'][i % 3])));
    const admitted = answers.filter((a) => a.status < 300);
    const refused = answers.filter((a) => a.status === 409);
    expect(admitted.length + refused.length, JSON.stringify(answers.map((a) => [a.status, a.body]))).toBe(n);
    // Counted per hour (the test may straddle an hour's end): never more than the share in any hour.
    const rows = await t.db.prisma.walkIn.findMany({ where: { gateCode: 'KT', direction: 'entry' }, select: { at: true } });
    const perHour = new Map<number, number>();
    for (const r of rows) perHour.set(Math.floor(r.at.getTime() / HOUR), (perHour.get(Math.floor(r.at.getTime() / HOUR)) ?? 0) + 1);
    expect(Math.max(...perHour.values())).toBeLessThanOrEqual(LIMIT);
    expect(rows.length).toBe(admitted.length);
    expect(refused.length).toBeGreaterThanOrEqual(n - 2 * LIMIT);
    for (const [i, a] of answers.entries()) {
      if (a.status !== 409) continue;
      expect(a.body.error).toMatchObject({ code: 'CONFLICT', field: 'slot' });
      expect(a.body.error.message).toMatch([/hãy đặt lịch/, /book a slot/, /请预约时段/][i % 3]!);
    }
    // A refused truck did not enter the yard; an admitted one whose check-in is retried (same
    // command) is answered again although the share is used up, and not counted twice.
    const refusedTrip = trips[answers.findIndex((a) => a.status === 409)]!;
    expect((await t.db.prisma.trip.findUniqueOrThrow({ where: { id: refusedTrip.id } })).state).toBe('registered');
    const first = answers.findIndex((a) => a.status < 300);
    const again = await checkIn(trips[first]!.qrToken, { commandId: commandId(first) });
    expect(again.status, JSON.stringify(again.body)).toBeLessThan(300);
    expect(await t.db.prisma.walkIn.count({ where: { gateCode: 'KT', direction: 'entry' } })).toBe(admitted.length);

    // Slot use per hour shows the walk-ins (manager).
    const date = new Date(Date.now() + 7 * HOUR).toISOString().slice(0, 10);
    const use = await t.call('GET', `/v1/gates/KT/slot-use?date=${date}`, { token: await t.token('manager1') });
    expect(use.status).toBe(200);
    expect(use.body.hours.reduce((s: number, h: { walkIn: number }) => s + h.walkIn, 0)).toBeGreaterThanOrEqual(admitted.length);
  });

  it('rebuilds the walk-in count from the database after a Redis loss', async () => {
    const ledger = new SlotLedger(t.platform.redis, t.prefix, { account: 100, company: 200 });
    const [usedKey] = ledger.keys('KT');
    const before = await t.platform.redis.hgetall(usedKey);
    await t.platform.redis.del(usedKey, ledger.keys('KT')[1]);
    await ledger.rebuild(t.db.prisma, 'KT');
    const after = await t.platform.redis.hgetall(usedKey);
    const walkIns = (h: Record<string, string>) => Object.entries(h).filter(([k]) => k.startsWith('walk-in:')).sort();
    expect(walkIns(after)).toEqual(walkIns(before));
    expect(walkIns(after).length).toBeGreaterThan(0);
  });
});
