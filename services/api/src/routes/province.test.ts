/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The province's data platform pulls with a data-consumer key, against the real server: an admin issues
 * the key (shown once, stored hashed, revocable); a real trip crosses the gate; its anonymised events come
 * back in cursor pages and its crossing in the hourly stats, and nothing in the feed names the plate, the
 * driver, their phone, the trip id or the declaration. The key opens the province rows and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITY_CLASSES, ZProvinceEventPageSchema, ZProvinceHourlyStatsSchema } from '@borderflow/contracts';
import { startTestApi, TEST_PSEUDONYM_SECRET, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import { vehicleRef } from '../province/pseudonym.ts';

let t: TestApi;
let operator: string;
let key: string;
let consumerId: string;
const request = tripRequest({ driver: { fullName: 'Trần Thị Bích', phone: '+84 912 345 671' } });
let tripId: string;
let startedAt: number;

const withKey = (k: string) => ({ headers: { 'x-api-key': k } });

async function op(path: string, body: Record<string, unknown>) {
  const r = await t.call('POST', `/v1/gates/KT${path}`, { token: operator, body });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

/** Drives the trip through every stage it is called to, until it crosses and the event log has it. */
async function cross(id: string): Promise<void> {
  const kt = t.platform.schedulers.get('KT')!;
  for (let stages = 0; stages < 6; stages++) {
    let status: any = null;
    await until('the trip called or through', async () => {
      status = await kt.tripStatus(id);
      return ['called', 'exit_queue', 'crossed'].includes(status?.trip.state);
    }, 20_000);
    if (status.trip.state !== 'called') break;
    const lane = status.trip.laneId;
    await op(`/lanes/${lane}/arrive`, { tripId: id });
    await op(`/lanes/${lane}/start`, { tripId: id });
    await op(`/lanes/${lane}/complete`, { tripId: id, outcome: 'cleared' });
  }
  await until('the crossing in the event log', async () => (await t.db.prisma.gateEvent.count({ where: { tripId: id, type: 'trip_crossed' } })) === 1, 20_000);
}

beforeAll(async () => {
  t = await startTestApi();
  operator = await t.token('operator1');
  startedAt = Date.now();
  const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
  expect(trip.status, JSON.stringify(trip.body)).toBe(201);
  tripId = trip.body.id;
  await op('/check-ins', { plate: request.vehicle.plate });
  await cross(tripId);
}, 120_000);
afterAll(() => t?.close());

describe('data-consumer keys', () => {
  it('are issued by an admin, shown once, stored hashed and listed by prefix only', async () => {
    const admin = await t.token('admin1');
    const issued = await t.call('POST', '/v1/admin/data-consumers', { token: admin, body: { name: 'Lào Cai IOC' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.key).toMatch(/^bfd_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/);
    key = issued.body.key;
    consumerId = issued.body.id;
    const stored = await t.db.prisma.dataConsumer.findUniqueOrThrow({ where: { id: consumerId } });
    // The secret is everything after `<prefix>_`: it may itself contain `_` (base64url), so splitting on
    // `_` could test a fragment of a few characters that any stored JSON contains by chance.
    expect(JSON.stringify(stored)).not.toContain(key.slice(issued.body.prefix.length + 1));
    const list = await t.call('GET', '/v1/admin/data-consumers', { token: admin });
    expect(list.body.consumers.find((c: any) => c.id === consumerId)).toMatchObject({ name: 'Lào Cai IOC', prefix: issued.body.prefix });
    expect(JSON.stringify(list.body)).not.toContain(key);
    // A manager may not issue one.
    const manager = await t.call('POST', '/v1/admin/data-consumers', { token: await t.token('manager1'), body: { name: 'x' } });
    expect(manager.status).toBe(403);
  });

  it('are rotated by an admin: same consumer and prefix, the new key works, the old one is refused at once, audited', async () => {
    const admin = await t.token('admin1');
    const issued = await t.call('POST', '/v1/admin/data-consumers', { token: admin, body: { name: 'Hà Khẩu IOC' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const rotated = await t.call('POST', `/v1/admin/data-consumers/${issued.body.id}/rotate`, { token: admin });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body).toMatchObject({ id: issued.body.id, name: 'Hà Khẩu IOC', prefix: issued.body.prefix });
    expect(rotated.body.key).not.toBe(issued.body.key);
    expect(rotated.body.key.startsWith(`${issued.body.prefix}_`)).toBe(true);
    expect((await t.call('GET', '/v1/province/gates/KT/events', withKey(issued.body.key))).status).toBe(401);
    expect((await t.call('GET', '/v1/province/gates/KT/events', withKey(rotated.body.key))).status).toBe(200);
    const entry = await t.db.prisma.auditEntry.findFirst({ where: { action: 'data-consumer.rotate', targetId: issued.body.id } });
    expect(entry?.actorName).toBe('admin1');
    // A manager may not rotate it; a revoked consumer cannot be brought back by rotating.
    expect((await t.call('POST', `/v1/admin/data-consumers/${issued.body.id}/rotate`, { token: await t.token('manager1') })).status).toBe(403);
    expect((await t.call('DELETE', `/v1/admin/data-consumers/${issued.body.id}`, { token: admin })).status).toBe(204);
    const again = await t.call('POST', `/v1/admin/data-consumers/${issued.body.id}/rotate`, { token: admin, headers: { 'accept-language': 'vi' } });
    expect(again.status).toBe(404);
    expect(again.body.detail).toBe('Không tìm thấy bên dùng dữ liệu');
  });

  it('open the province rows only: no trips, no gate stats, no company routes', async () => {
    for (const path of ['/v1/trips', '/v1/gates/KT/stats', '/v1/company/api-keys', '/v1/me', '/v1/admin/data-consumers']) {
      const r = await t.call('GET', path, withKey(key));
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(403);
    }
    // Its last character changed (a key that already ends in 'x' gets a 'y': one key in 64 did, and passed).
    const bad = await t.call('GET', '/v1/province/gates/KT/events', withKey(`${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`));
    expect(bad.status).toBe(401);
  });
});

describe('the province feed', () => {
  it("pages the trip's anonymised events by cursor, with a pseudonymous vehicle id and no personal data", async () => {
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const q: string = `limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await t.call('GET', `/v1/province/gates/KT/events?${q}`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.headers.get('ratelimit-limit')).not.toBeNull();
      const body = ZProvinceEventPageSchema.parse(r.body);
      seen.push(...body.events);
      if (body.events.length < 3) break;
      cursor = body.nextCursor;
    }
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const stored = await t.db.prisma.gateEvent.count({ where: { gateCode: 'KT', tripId: { not: null } } });
    expect(seen.length).toBe(stored);

    const ref = vehicleRef(TEST_PSEUDONYM_SECRET, request.vehicle.plate, Date.now());
    const mine = seen.filter((e) => e.vehicleRef === ref);
    expect(mine.map((e) => e.type)).toEqual(expect.arrayContaining(['trip_arrived', 'trip_called', 'trip_crossed']));
    expect(mine.at(-1)).toMatchObject({ state: 'crossed', direction: 'exit', gate: 'KT' });
    expect(mine[0].at).toMatch(/\+07:00$/);

    // Scan the raw answer (every page again, in one go) for anything that names the trip or a person.
    const all = await t.call('GET', '/v1/province/gates/KT/events?limit=500', withKey(key));
    const text = JSON.stringify(all.body);
    const plate = request.vehicle.plate;
    for (const secret of [plate, plate.replace(/[-.]/g, ''), 'Trần Thị Bích', '912345671', '912 345 671', tripId, request.declarations![0]!]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/user:|apikey:|driverId|companyId/);
  });

  it('resumes from the cursor and filters by updatedSince', async () => {
    const after = await t.call('GET', `/v1/province/gates/KT/events?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, withKey(key));
    expect(after.status).toBe(200);
    expect(after.body.events).toEqual([]);
    const bad = await t.call('GET', '/v1/province/gates/KT/events?cursor=nonsense', withKey(key));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'cursor', in: 'query' });
  });

  it("counts the crossing in the gate's hourly stats per direction and class", async () => {
    const from = new Date(startedAt - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const r = await t.call('GET', `/v1/province/gates/KT/stats/hourly?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, withKey(key));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const stats = ZProvinceHourlyStatsSchema.parse(r.body);
    expect(stats).toMatchObject({ gate: 'KT', timeZone: 'Asia/Ho_Chi_Minh', licence: { id: 'CC-BY-4.0' } });
    // driver1's company is a confirmed trusted trader: the trip is counted in its class.
    const exitTrusted = stats.hours.filter((h) => h.direction === 'exit' && h.priorityClass === 'trusted');
    expect(exitTrusted.reduce((n, h) => n + h.crossed, 0)).toBe(1);
    expect(exitTrusted.reduce((n, h) => n + h.called, 0)).toBeGreaterThanOrEqual(1);
    expect(stats.hours.filter((h) => h.priorityClass !== 'trusted').reduce((n, h) => n + h.crossed, 0)).toBe(0);
    // Every hour × direction × class has its row, zeros included.
    expect(stats.hours.length % (2 * PRIORITY_CLASSES.length)).toBe(0);
    expect(stats.hours.every((h) => h.hour.endsWith('+07:00'))).toBe(true);

    const missing = await t.call('GET', '/v1/province/gates/KT/stats/hourly', withKey(key));
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field).sort()).toEqual(['from', 'to']);
  });

  it('is refused at once after the admin revokes the key', async () => {
    const revoked = await t.call('DELETE', `/v1/admin/data-consumers/${consumerId}`, { token: await t.token('admin1') });
    expect(revoked.status).toBe(204);
    const r = await t.call('GET', '/v1/province/gates/KT/events', withKey(key));
    expect(r.status).toBe(401);
  });
});
