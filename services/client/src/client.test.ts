/**
 * The typed client against a real platform on port 0 (real Redis, a real database): calls by
 * route, with typed inputs and parsed answers; problems as ApiError with every field; the
 * caller's language; Idempotency-Key; one renewal on a 401; API keys; the raw exchange (ETag, 304).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { tripRequest } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { ApiError, ROUTES, createClient } from './index.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

/** A client signed in as a demo user through the client itself. */
async function signedIn(username: string) {
  const session = await createClient({ baseUrl: t.url }).call(ROUTES.login, { body: { username, password: 'demo' } });
  return { session, client: createClient({ baseUrl: t.url, token: () => session.token }) };
}

describe('@borderflow/client', () => {
  it('registers, reads and lists a trip by route, each answer parsed by its schema', async () => {
    const { client } = await signedIn('driver1');
    const created = await client.call(ROUTES.registerTrip, { body: tripRequest() });
    expect(created.state).toBe('registered');
    const read = await client.call(ROUTES.readTrip, { params: { tripId: created.id } });
    expect(read.id).toBe(created.id);
    const page = await client.call(ROUTES.listTrips, { query: { state: ['registered', 'queued'], limit: 5 } });
    expect(page.trips.map((trip) => trip.id)).toContain(created.id);
    const whole = await client.exchange(ROUTES.readTrip, { params: { tripId: created.id } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toMatch(/^(W\/)?"/);
  });

  it('turns a problem into an ApiError with status, code, title and every field, in the caller\'s language', async () => {
    const { session } = await signedIn('driver1');
    const vi = createClient({ baseUrl: t.url, token: () => session.token, language: 'vi' });
    const bad = { ...tripRequest(), gateCode: 'kt!', vehicle: { ...tripRequest().vehicle, plate: '24C-I23.45' } };
    const err = await vi.call(ROUTES.registerTrip, { body: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const problem = err as ApiError;
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.title).toBe('Dữ liệu không hợp lệ');
    expect(problem.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['gateCode', 'vehicle.plate']));
    const en = createClient({ baseUrl: t.url, token: () => session.token, language: 'en' });
    const english = (await en.call(ROUTES.registerTrip, { body: bad }).catch((e: unknown) => e)) as ApiError;
    expect(english.title).toBe('Validation failed');
  });

  it('sends Idempotency-Key: a retried registration gets the first answer', async () => {
    const { client } = await signedIn('driver2');
    const body = tripRequest();
    const key = randomUUID();
    const first = await client.exchange(ROUTES.registerTrip, { body, idempotencyKey: key });
    const again = await client.exchange(ROUTES.registerTrip, { body, idempotencyKey: key });
    expect(again.body?.id).toBe(first.body?.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('renews a refused token once and retries; without renewal the session ends', async () => {
    const { session } = await signedIn('operator1');
    let token = 'not-a-token';
    let renewals = 0;
    const renewing = createClient({
      baseUrl: t.url,
      token: () => token,
      renewToken: async () => {
        renewals++;
        token = session.token;
        return token;
      },
    });
    const me = await renewing.call(ROUTES.me);
    expect(me.username).toBe('operator1');
    expect(renewals).toBe(1);
    const ended: ApiError[] = [];
    const stale = createClient({ baseUrl: t.url, token: () => 'not-a-token', renewToken: async () => null, onUnauthenticated: (e) => ended.push(e) });
    await expect(stale.call(ROUTES.me)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(ended).toHaveLength(1);
  });

  it('reads public routes without a token, and a 304 for an unchanged feed', async () => {
    const anon = createClient({ baseUrl: t.url });
    const first = await anon.exchange(ROUTES.publicWaits);
    expect(first.body?.gates.map((g) => g.gate)).toContain('KT');
    const etag = first.headers.get('etag')!;
    const again = await anon.exchange(ROUTES.publicWaits, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it('reports an unreachable server as NETWORK', async () => {
    const down = createClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(down.call(ROUTES.publicWaits)).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
