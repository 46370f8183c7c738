/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * A forwarder company's API keys and who sees the company's trips, against the
 * real server: the company's administrator creates, lists, rotates and revokes
 * keys; a key reads the company's trips within its scopes and nothing else; a
 * rotated or revoked secret is refused at once; drivers see only their own
 * trips, and no one sees another company's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

let t: TestApi;
/** driver1's trip (company "trusted", whose administrator is fleetadmin1). */
let ownTripId: string;
/** driver2's trip (another company). */
let foreignTripId: string;

const withKey = (key: string) => ({ headers: { 'x-api-key': key } });
const bearerKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

async function createKey(scopes: string[] = ['trips:read'], name = 'TMS') {
  const r = await t.call('POST', '/v1/company/api-keys', { token: await t.token('fleetadmin1'), body: { name, scopes } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; key: string; prefix: string; scopes: string[] };
}

beforeAll(async () => {
  t = await startTestApi();
  const own = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest() });
  expect(own.status, JSON.stringify(own.body)).toBe(201);
  ownTripId = own.body.id;
  const plate = '24C67890'; // driver2's company's truck
  const foreign = await t.call('POST', '/v1/trips', { token: await t.token('driver2'), body: tripRequest({ vehicle: { plate } }) });
  expect(foreign.status, JSON.stringify(foreign.body)).toBe(201);
  foreignTripId = foreign.body.id;
}, 60_000);
afterAll(() => t?.close());

describe('API keys', () => {
  it('are created by the company administrator, shown once, listed without their secret', async () => {
    const created = await createKey();
    expect(created.key).toMatch(/^bfk_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    const stored = await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    // The secret is everything after `<prefix>_`: it may itself contain `_` (base64url), so splitting on
    // `_` could test a fragment of a few characters that any stored JSON contains by chance.
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(created.prefix.length + 1));

    const list = await t.call('GET', '/v1/company/api-keys', { token: await t.token('fleetadmin1') });
    expect(list.status).toBe(200);
    const listed = list.body.keys.find((k: any) => k.id === created.id);
    expect(listed).toMatchObject({ prefix: created.prefix, scopes: ['trips:read'], lastUsedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    // Using it stamps lastUsedAt.
    expect((await t.call('GET', '/v1/trips', withKey(created.key))).status).toBe(200);
    const after = await t.call('GET', '/v1/company/api-keys', { token: await t.token('fleetadmin1') });
    expect(after.body.keys.find((k: any) => k.id === created.id).lastUsedAt).not.toBeNull();
  });

  it('authenticate as the company: all its trips, none of another company, by X-Api-Key or Bearer', async () => {
    const { key } = await createKey();
    for (const how of [withKey(key), bearerKey(key)]) {
      const list = await t.call('GET', '/v1/trips?limit=200', how);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      const ids = list.body.trips.map((x: any) => x.id);
      expect(ids).toContain(ownTripId);
      expect(ids).not.toContain(foreignTripId);
      expect((await t.call('GET', `/v1/trips/${ownTripId}`, how)).status).toBe(200);
      const foreign = await t.call('GET', `/v1/trips/${foreignTripId}`, how);
      expect(foreign.status).toBe(404);
    }
  });

  it('reach only the rows their scopes open: no writes, no key administration, no staff routes', async () => {
    const { key } = await createKey();
    const register = await t.call('POST', '/v1/trips', { ...withKey(key), body: tripRequest() });
    expect(register.status).toBe(403);
    expect(register.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'scopes' });
    expect((await t.call('POST', `/v1/trips/${ownTripId}/cancel`, { ...withKey(key), body: {} })).status).toBe(403);
    expect((await t.call('GET', '/v1/company/api-keys', withKey(key))).status).toBe(403);
    expect((await t.call('POST', '/v1/company/api-keys', { ...withKey(key), body: { name: 'x', scopes: ['trips:read'] } })).status).toBe(403);
    expect((await t.call('GET', '/v1/gates/KT/queue', withKey(key))).status).toBe(403);
  });

  it('rotate: the new secret works and the old one is refused at once', async () => {
    const first = await createKey();
    const rotated = await t.call('POST', `/v1/company/api-keys/${first.id}/rotate`, { token: await t.token('fleetadmin1') });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.prefix).toBe(first.prefix);
    expect(rotated.body.key).not.toBe(first.key);
    expect((await t.call('GET', '/v1/trips', withKey(first.key))).status).toBe(401);
    expect((await t.call('GET', '/v1/trips', withKey(rotated.body.key))).status).toBe(200);
  });

  it('revoke: refused at once, gone from the list, cannot be rotated back', async () => {
    const { id, key } = await createKey();
    expect((await t.call('GET', '/v1/trips', withKey(key))).status).toBe(200);
    const revoked = await t.call('DELETE', `/v1/company/api-keys/${id}`, { token: await t.token('fleetadmin1') });
    expect(revoked.status).toBe(204);
    const refused = await t.call('GET', '/v1/trips', withKey(key));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    const list = await t.call('GET', '/v1/company/api-keys', { token: await t.token('fleetadmin1') });
    expect(list.body.keys.map((k: any) => k.id)).not.toContain(id);
    expect((await t.call('POST', `/v1/company/api-keys/${id}/rotate`, { token: await t.token('fleetadmin1') })).status).toBe(404);
  });

  it('with trips:write register for one of the company drivers only, chosen by phone', async () => {
    const { key } = await createKey(['trips:read', 'trips:write']);
    const phone = '+84912345678'; // driver1's account
    const made = await t.call('POST', '/v1/trips', { ...withKey(key), body: tripRequest({ driver: { fullName: 'Nguyễn Văn An', phone } }) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: made.body.id }, include: { createdBy: true } });
    expect(row.createdBy.username).toBe('driver1');
    expect(row.companyId).toBe(row.createdBy.companyId);
    // The driver sees it as their own; the key reads it back.
    expect((await t.call('GET', `/v1/trips/${made.body.id}`, { token: await t.token('driver1') })).status).toBe(200);
    expect((await t.call('GET', `/v1/trips/${made.body.id}`, withKey(key))).status).toBe(200);

    // Another company's driver, or a phone of no account, is refused naming the field; nothing is created.
    const before = await t.db.prisma.trip.count();
    for (const other of ['+84987654321', '+84911111111']) {
      const r = await t.call('POST', '/v1/trips', { ...withKey(key), body: tripRequest({ driver: { fullName: 'X', phone: other } }) });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.field).toBe('driver.phone');
    }
    expect(await t.db.prisma.trip.count()).toBe(before);
    await t.call('POST', `/v1/trips/${made.body.id}/cancel`, { token: await t.token('driver1'), body: {} });
  });

  it('refuses malformed and made-up keys with 401, never 5xx', async () => {
    expect((await t.call('GET', '/v1/trips', withKey('bfk_nope'))).status).toBe(401);
    expect((await t.call('GET', '/v1/trips', withKey(`bfk_${'0'.repeat(16)}_${'A'.repeat(32)}`))).status).toBe(401);
  });

  it('are managed by the company administrator only: not its drivers, not staff, not another company', async () => {
    for (const who of ['driver1', 'driver2']) {
      const r = await t.call('POST', '/v1/company/api-keys', { token: await t.token(who), body: { name: 'mine', scopes: ['trips:read'] } });
      expect(r.status).toBe(403);
      expect(r.body.error.field).toBe('companyRole');
    }
    for (const who of ['admin1', 'operator1']) {
      expect((await t.call('GET', '/v1/company/api-keys', { token: await t.token(who) })).status).toBe(403);
    }
    // Another company's administrator cannot touch this company's key.
    const { id } = await createKey();
    await t.db.prisma.user.update({ where: { username: 'driver2' }, data: { companyRole: 'admin' } });
    try {
      const other = await t.token('driver2');
      expect((await t.call('DELETE', `/v1/company/api-keys/${id}`, { token: other })).status).toBe(404);
      expect((await t.call('POST', `/v1/company/api-keys/${id}/rotate`, { token: other })).status).toBe(404);
      const theirs = await t.call('GET', '/v1/company/api-keys', { token: other });
      expect(theirs.body.keys.map((k: any) => k.id)).not.toContain(id);
    } finally {
      await t.db.prisma.user.update({ where: { username: 'driver2' }, data: { companyRole: 'driver' } });
    }
  });

  it('reject unknown scopes and a missing name, naming the field', async () => {
    const r = await t.call('POST', '/v1/company/api-keys', { token: await t.token('fleetadmin1'), body: { name: '', scopes: ['gates:write'] } });
    expect(r.status).toBe(400);
    const fields = r.body.errors.map((i: any) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'scopes.0']));
  });
});

describe('company members', () => {
  it('the administrator sees all the company trips, a driver only their own, nobody another company', async () => {
    const admin = await t.call('GET', '/v1/trips?limit=200', { token: await t.token('fleetadmin1') });
    expect(admin.status).toBe(200);
    expect(admin.body.trips.map((x: any) => x.id)).toContain(ownTripId);
    expect(admin.body.trips.map((x: any) => x.id)).not.toContain(foreignTripId);
    expect((await t.call('GET', `/v1/trips/${ownTripId}`, { token: await t.token('fleetadmin1') })).status).toBe(200);
    expect((await t.call('GET', `/v1/trips/${foreignTripId}`, { token: await t.token('fleetadmin1') })).status).toBe(404);

    const other = await t.call('GET', '/v1/trips?limit=200', { token: await t.token('driver2') });
    expect(other.body.trips.map((x: any) => x.id)).not.toContain(ownTripId);
    expect((await t.call('GET', `/v1/trips/${ownTripId}`, { token: await t.token('driver2') })).status).toBe(404);
  });

  it('a dispatcher sees all the company trips but manages no keys', async () => {
    const driver1 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' } });
    await t.db.prisma.user.create({
      data: { username: 'dispatch1', passwordHash: await bcrypt.hash('demo', 4), role: 'driver', displayName: 'Dispatcher', companyId: driver1.companyId, companyRole: 'dispatcher' },
    });
    const token = await t.token('dispatch1');
    const list = await t.call('GET', '/v1/trips?limit=200', { token });
    expect(list.body.trips.map((x: any) => x.id)).toContain(ownTripId);
    expect(list.body.trips.map((x: any) => x.id)).not.toContain(foreignTripId);
    expect((await t.call('GET', '/v1/company/api-keys', { token })).status).toBe(403);
  });

  it('the administrator reads a colleague trip but does not cancel it', async () => {
    const r = await t.call('POST', `/v1/trips/${ownTripId}/cancel`, { token: await t.token('fleetadmin1'), body: {} });
    expect(r.status).toBe(404);
  });
});
