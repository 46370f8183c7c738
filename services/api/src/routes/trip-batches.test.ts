/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * POST /v1/trip-batches against the real server: each registration is handled as POST /v1/trips would
 * handle it alone (caps, the company's drivers, one active trip per truck) and refused alone; a body
 * that breaks the schema is refused whole, naming every place; idempotency keys are per caller, so
 * another account's identical key registers its own trip and sees nothing of the first; a read-only
 * key cannot register.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIP_BATCH_MAX } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
}, 120_000);
afterAll(() => t?.close());

const batch = (registrations: unknown[]) => ({ registrations });

async function keyWith(scopes: string[]): Promise<string> {
  const r = await t.call('POST', '/v1/company/api-keys', { token: await t.token('fleetadmin1'), body: { name: 'batch test', scopes } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.key;
}

describe('trip batches', () => {
  it('refuse a body that breaks the schema whole, naming every place, and register nothing', async () => {
    const before = await t.db.prisma.trip.count();
    const good = tripRequest();
    const r = await t.call('POST', '/v1/trip-batches', {
      token: await t.token('driver1'),
      body: batch([{ trip: good }, { trip: { ...tripRequest(), gateCode: 'kt!' } }, { idempotencyKey: 'bad key', trip: tripRequest() }]),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.pointer)).toEqual(expect.arrayContaining(['/registrations/1/trip/gateCode', '/registrations/2/idempotencyKey']));
    const tooMany = await t.call('POST', '/v1/trip-batches', {
      token: await t.token('driver1'),
      body: batch(Array.from({ length: TRIP_BATCH_MAX + 1 }, () => ({ trip: good }))),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('registrations');
    expect(await t.db.prisma.trip.count()).toBe(before);
  });

  it("refuse each registration on its own: the truck's active trip (named), the driver's cap; the rest go through", async () => {
    const phone = uniquePhone();
    const first = tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone } });
    const r = await t.call('POST', '/v1/trip-batches', {
      token: await t.token('driver1'),
      body: batch([
        { trip: first },
        { trip: tripRequest({ vehicle: first.vehicle }) },
        { trip: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone } }) },
        { trip: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone } }) },
      ]),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(207);
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.body.results.map((x: any) => x.status)).toEqual([201, 409, 201, 409]);
    expect(r.body).toMatchObject({ registered: 2, refused: 2 });
    const [made, sameTruck, , overCap] = r.body.results;
    expect(sameTruck.problem).toMatchObject({ code: 'CONFLICT', existingId: made.trip.id, error: { field: 'vehicle.plate' } });
    expect(overCap.problem.code).toBe('CONFLICT');
    expect(overCap.problem.existingId).toBeUndefined();
  });

  it('with an API key: only for the company\'s drivers (the others refused alone), and never with a read-only key', async () => {
    const writer = await keyWith(['trips:read', 'trips:write']);
    const r = await t.call('POST', '/v1/trip-batches', {
      headers: { 'x-api-key': writer },
      body: batch([
        { trip: tripRequest({ driver: { fullName: 'Nguyễn Văn An', phone: '+84912345678' } }) },
        // driver2's phone: a driver of another company, whom this key cannot register for.
        { trip: tripRequest({ driver: { fullName: 'Trần Thị Bình', phone: '+84987654321' } }) },
      ]),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(207);
    expect(r.body.results.map((x: any) => x.status)).toEqual([201, 400]);
    expect(r.body.results[1].problem.errors[0]).toMatchObject({ field: 'driver.phone' });
    const reader = await keyWith(['trips:read']);
    const refused = await t.call('POST', '/v1/trip-batches', { headers: { 'x-api-key': reader }, body: batch([{ trip: tripRequest() }]) });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'scopes' });
  });

  it("keep idempotency keys per caller: another account's same key and trip is no replay, and learns nothing", async () => {
    const key = randomUUID();
    const trip = tripRequest();
    const mine = await t.call('POST', '/v1/trip-batches', { token: await t.token('driver1'), body: batch([{ idempotencyKey: key, trip }]) });
    expect(mine.body.results[0].status, JSON.stringify(mine.body)).toBe(201);
    const tripId: string = mine.body.results[0].trip.id;
    const replay = await t.call('POST', '/v1/trip-batches', { token: await t.token('driver1'), body: batch([{ idempotencyKey: key, trip }]) });
    expect(replay.body.results[0]).toMatchObject({ status: 201, replayed: true, trip: { id: tripId } });
    // A new trip under the same key: refused for that registration, without showing the first answer.
    const reused = await t.call('POST', '/v1/trip-batches', { token: await t.token('driver1'), body: batch([{ idempotencyKey: key, trip: tripRequest() }]) });
    expect(reused.body.results[0]).toMatchObject({ status: 400, replayed: false });
    expect(reused.body.results[0].problem.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'reused_key' });
    expect(JSON.stringify(reused.body)).not.toContain(tripId);
    // Another company's driver with the very same key and trip: handled as its own registration (the truck is
    // driver1's company's: 403), never a replay of driver1's answer.
    const theirs = await t.call('POST', '/v1/trip-batches', { token: await t.token('driver2'), body: batch([{ idempotencyKey: key, trip }]) });
    expect(theirs.body.results[0], JSON.stringify(theirs.body)).toMatchObject({ status: 403, replayed: false, problem: { error: { field: 'vehicle.plate' } } });
    expect(theirs.body.results[0].problem.existingId).toBeUndefined();
    expect(JSON.stringify(theirs.body)).not.toContain(tripId);
  });
});
