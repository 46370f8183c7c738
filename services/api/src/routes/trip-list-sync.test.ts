/**
 * Lists and writes an integrator syncs against, on the real server: keyset
 * cursor pages with `updatedSince` that never skip or repeat a trip while
 * others register concurrently, multi-value filters, and ETag + If-Match on a
 * correction (412 when the trip changed since it was read).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { SYNC_SETTLE_MS } from './trips.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

async function register(driver: 'driver1' | 'driver2'): Promise<string> {
  const r = await t.call('POST', '/v1/trips', {
    token: await t.token(driver),
    body: tripRequest({ driver: { fullName: 'Lò Văn Sáng', phone: uniquePhone() } }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

describe('trip list sync', () => {
  it('pages with updatedSince see every trip exactly once while others register concurrently', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await register(i % 2 ? 'driver1' : 'driver2'));
    await sleep(SYNC_SETTLE_MS + 200);
    const token = await t.token('operator1');
    const seen: string[] = [];
    let cursor: string | null = null;
    let quietPages = 0;
    for (let page = 0; page < 60 && quietPages < 2; page++) {
      const q = new URLSearchParams({ updatedSince: since, limit: '2', gate: 'KT' });
      if (cursor) q.set('cursor', cursor);
      // A registration races every one of the first pages.
      const [r] = await Promise.all([
        t.call('GET', `/v1/trips?${q.toString()}`, { token }),
        page < 4 ? register(page % 2 ? 'driver1' : 'driver2').then((id) => created.push(id)) : Promise.resolve(),
      ]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...r.body.trips.map((trip: { id: string }) => trip.id));
      // Sync never ends: the cursor of the last page is where the next poll resumes.
      expect(typeof r.body.nextCursor).toBe('string');
      cursor = r.body.nextCursor;
      if (r.body.trips.length === 0) {
        quietPages++;
        // Caught up: wait out the settle window once, as a syncing client's next poll would.
        await sleep(SYNC_SETTLE_MS + 200);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...created].sort());
  });

  it('filters by several states and gates at once and pages newest first by default', async () => {
    await register('driver1');
    await register('driver2');
    const token = await t.token('operator1');
    const all = await t.call('GET', '/v1/trips?state=registered,queued&gate=KT,XX', { token });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const first = await t.call('GET', '/v1/trips?state=registered,queued&limit=1', { token });
    expect(first.body.trips).toHaveLength(1);
    expect(first.body.trips[0].id).toBe(all.body.trips[0].id);
    const second = await t.call('GET', `/v1/trips?state=registered,queued&limit=1&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.trips[0].id).toBe(all.body.trips[1].id);
    // A cursor is bound to its sort; a forged one names the field.
    const mixed = await t.call('GET', `/v1/trips?sort=createdAt&cursor=${first.body.nextCursor}`, { token });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0].field).toBe('cursor');
    const forged = await t.call('GET', '/v1/trips?cursor=bm9wZQ&state=nope', { token });
    expect(forged.status).toBe(400);
    expect(forged.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cursor', 'state.0']);
  });

  it('refuses an updatedSince outside the years 2000-2099 with 400 naming it, in the caller\'s language', async () => {
    // Found by the OpenAPI fuzz: the year 0001 passed the RFC 3339 pattern and PostgreSQL answered 500.
    const token = await t.token('driver1');
    for (const since of ['0001-01-01T00:00:00+07:00', '2100-01-01T00:00:00Z']) {
      const r = await t.call('GET', `/v1/trips?${new URLSearchParams({ updatedSince: since })}`, { token, headers: { 'accept-language': 'vi' } });
      expect(r.status, since).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'updatedSince', in: 'query', rule: 'datetime_range' });
      expect(r.body.errors[0].detail).toBe('updatedSince phải là ngày giờ trong khoảng năm 2000 đến 2099');
    }
  });

  it('a correction with a stale If-Match is refused with 412; with the current ETag it applies', async () => {
    const token = await t.token('driver1');
    const id = await register('driver1');
    const read = await t.call('GET', `/v1/trips/${id}`, { token });
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+"$/);
    expect(read.headers.get('cache-control')).toBe('private, no-store');
    const arrival = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const ok = await t.call('PATCH', `/v1/trips/${id}`, { token, body: { expectedArrival: arrival(5) }, headers: { 'if-match': etag } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.headers.get('etag')).not.toBe(etag);
    const stale = await t.call('PATCH', `/v1/trips/${id}`, { token, body: { expectedArrival: arrival(6) }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const after = await t.call('GET', `/v1/trips/${id}`, { token });
    expect(after.body.expectedArrival).toBe(ok.body.expectedArrival);
  });
});
