/**
 * Caps on active trips (issue 10): on main one driver registered 150 trips in
 * 15 seconds. Now a driver has at most TRIP_CAP_PER_DRIVER active trips and a
 * company TRIP_CAP_PER_COMPANY, and concurrent registrations never get past
 * either, also when they reach different API servers (each reserves its place
 * with one Lua script in the shared Redis: trips/trip-place.ts).
 * This file sets the company cap to 5 for its own platform (the env is read per
 * request); the per-driver cap is the default, 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, startTestPlatform, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { tripCapKeys } from '../trips/trip-place.ts';

const COMPANY_CAP = 5;
let t: TestApi;
const saved = process.env.TRIP_CAP_PER_COMPANY;

beforeAll(async () => {
  process.env.TRIP_CAP_PER_COMPANY = String(COMPANY_CAP);
  delete process.env.TRIP_CAP_PER_DRIVER;
  t = await startTestApi();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.TRIP_CAP_PER_COMPANY;
  else process.env.TRIP_CAP_PER_COMPANY = saved;
  await t?.close();
});

const activeOf = (username: string) =>
  t.db.prisma.trip.count({ where: { createdBy: { username }, state: { notIn: ['cancelled', 'crossed', 'no_show', 'turned_back'] } } });

describe('active trips per driver', () => {
  it('20 concurrent registrations for one driver: exactly 2 get through, the rest 409 naming the rule', async () => {
    const token = await t.token('driver1');
    const driver = { fullName: 'Lò Văn Sáng', phone: uniquePhone() };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201), JSON.stringify(answers.find((a) => a.status !== 201 && a.status !== 409)?.body)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(18);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', field: 'driver.phone' });
    expect(refused.body.error.message).toMatch(/cap per driver.*at most 2/);
    expect(await activeOf('driver1')).toBe(2);

    // A cancelled trip frees its place at once.
    const first = answers.find((a) => a.status === 201)!;
    expect((await t.call('POST', `/v1/trips/${first.body.id}/cancel`, { token, body: {} })).status).toBe(200);
    expect((await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) })).status).toBe(201);
  });

  it('a committed registration holds no place in flight: the database counts it, and the next check carries nothing', async () => {
    const token = await t.token('driver1');
    const driver = { fullName: 'Hà Thị Mai', phone: uniquePhone() };
    const r = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { companyId: true } });
    // Left until it expired, a minute of a company's registrations was read and sent back by every registration.
    const capKeys = tripCapKeys(t.prefix, user.companyId!, r.body.driver.phone);
    expect(await t.platform.redis.zcard(capKeys.scope)).toBe(0);
    expect(await t.platform.redis.zcard(capKeys.driver)).toBe(0);
    // Still counted: the driver's second trip goes through, the third is refused as before.
    expect((await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) })).status).toBe(201);
    const third = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'CONFLICT', field: 'driver.phone' });
    const mine = await t.db.prisma.trip.findMany({ where: { driver: { phone: r.body.driver.phone } }, select: { id: true } });
    // Within the company cap of this file for the tests that follow.
    for (const trip of mine) expect((await t.call('POST', `/v1/trips/${trip.id}/cancel`, { token, body: {} })).status).toBe(200);
  });

  it("a registration over the cap is refused for the cap before anything else, and writes nothing", async () => {
    const token = await t.token('driver1');
    const driver = { fullName: 'Lường Văn Khoa', phone: uniquePhone() };
    const placed = [];
    for (let i = 0; i < 2; i++) placed.push(await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver }) }));
    expect(placed.map((r) => r.status)).toEqual([201, 201]);
    // The cap's counts are read by the registration's first statement, which also writes the truck
    // and the driver: the cap still refuses before the unknown gate, and the refusal undoes the writes.
    const unknownGate = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver, gateCode: 'ZZ' }) });
    expect(unknownGate.status).toBe(409);
    expect(unknownGate.body.error).toMatchObject({ code: 'CONFLICT', field: 'driver.phone' });
    const body = tripRequest({ driver });
    const over = await t.call('POST', '/v1/trips', { token, body });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'CONFLICT', field: 'driver.phone' });
    expect(await t.db.prisma.vehicle.count({ where: { plate: body.vehicle.plate.replace(/[-.]/g, '') } })).toBe(0);
    expect(await t.db.prisma.vehicle.count({ where: { plate: placed[0]!.body.vehicle.plate.replace(/[-.]/g, '') } })).toBe(1);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { companyId: true } });
    const capKeys = tripCapKeys(t.prefix, user.companyId!, driver.phone);
    expect(await t.platform.redis.zcard(capKeys.driver)).toBe(0);
    // Within the company cap of this file for the tests that follow.
    for (const r of placed) expect((await t.call('POST', `/v1/trips/${r.body.id}/cancel`, { token, body: {} })).status).toBe(200);
  });

  it('a correction cannot move a trip to a driver who is at the cap', async () => {
    const token = await t.token('driver1');
    const busy = { fullName: 'Giàng A Dình', phone: uniquePhone() };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await t.call('POST', '/v1/trips', { token, body: tripRequest({ driver: busy }) });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const other = await t.call('POST', '/v1/trips', { token, body: tripRequest() });
    expect(other.status).toBe(201);
    ids.push(other.body.id);
    const moved = await t.call('PATCH', `/v1/trips/${other.body.id}`, { token, body: { driver: busy } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(409);
    expect(moved.body.error.field).toBe('driver.phone');
    // Within the company cap of this file for the tests that follow.
    for (const id of ids) expect((await t.call('POST', `/v1/trips/${id}/cancel`, { token, body: {} })).status).toBe(200);
  });

  it("another company naming the same driver does not use up that driver's place", async () => {
    const driver = { fullName: 'Lò Văn Sáng', phone: uniquePhone() };
    for (let i = 0; i < 2; i++) {
      const r = await t.call('POST', '/v1/trips', { token: await t.token('driver2'), body: tripRequest({ driver }) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const own = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ driver }) });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
  });
});

describe('across API servers', () => {
  it('20 registrations for one driver split over two API servers (own Redis connections): exactly 2 get through', async () => {
    const second = await startTestPlatform(t.db, t.prefix);
    try {
      const token = await t.token('driver2');
      const driver = { fullName: 'Vàng A Páo', phone: uniquePhone() };
      const post = (base: string) =>
        fetch(`${base}/v1/trips`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(tripRequest({ driver })),
        }).then((r) => r.status);
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 === 0 ? t.url : second.url)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(2);
      expect(statuses.filter((s) => s === 409)).toHaveLength(18);
      const trips = await t.db.prisma.trip.findMany({ where: { driver: { phone: driver.phone.replace(/\s/g, '') } }, select: { id: true } });
      expect(trips).toHaveLength(2);
      // Cancel them: the company cap below starts from what driver2 has already.
      for (const trip of trips) {
        expect((await t.call('POST', `/v1/trips/${trip.id}/cancel`, { token, body: {} })).status).toBe(200);
      }
    } finally {
      await second.close();
    }
  });
});

describe('active trips per company', () => {
  it(`20 concurrent registrations of one company with different drivers: never more than ${COMPANY_CAP} active`, async () => {
    const token = await t.token('driver2');
    const before = await activeOf('driver2');
    expect(before).toBeLessThan(COMPANY_CAP);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.call('POST', '/v1/trips', { token, body: tripRequest() })),
    );
    const created = answers.filter((a) => a.status === 201).length;
    expect(created).toBe(COMPANY_CAP - before);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.every((a) => a.status === 409), JSON.stringify(refused.find((a) => a.status !== 409)?.body)).toBe(true);
    expect(refused[0]!.body.error.message).toMatch(/cap per company.*at most 5/);
    expect(await activeOf('driver2')).toBe(COMPANY_CAP);
  });
});
