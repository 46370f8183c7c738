import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from '@borderflow/contracts';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { errorBody, startHttpTestServer, type HttpTestServer } from '../testing/http-test-server.ts';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer({
    'GET /v1/things': (r) => ({ status: 200, body: { auth: r.headers.authorization ?? null, n: 1 } }),
    'POST /v1/things': () => ({ status: 400, body: errorBody('VALIDATION_FAILED', 'container number check digit should be 3', 'containers.0.number') }),
    'GET /v1/expired': () => ({ status: 401, body: errorBody('UNAUTHENTICATED', 'token expired') }),
    'GET /v1/broken': () => ({ status: 502 }),
    'GET /v1/lang': (r) => ({ status: 200, body: { lang: r.headers['accept-language'] ?? null, accept: r.headers.accept ?? null } }),
  });
});
afterAll(() => server.close());

/** A route of the test server, declared like the API's own (contracts' defineRoute). */
const things = defineRoute({
  method: 'get', path: '/v1/things', summary: 'things', tag: 'test',
  query: z.object({ gate: z.string().optional(), empty: z.string().optional() }),
  response: z.object({ auth: z.string(), n: z.number() }),
});
const wrongThings = defineRoute({ method: 'get', path: '/v1/things', summary: 'things', tag: 'test', response: z.object({ n: z.string() }) });

describe('api client', () => {
  it('sends the bearer token and the query, and checks the answer with a schema', async () => {
    const api = createApiClient({ baseUrl: server.url, getToken: () => 'tok' });
    const answer = await api.call(things, { query: { gate: 'KT', empty: undefined } });
    expect(answer).toEqual({ auth: 'Bearer tok', n: 1 });
    expect(server.requests.at(-1)?.path).toBe('/v1/things');
    await expect(api.call(wrongThings)).rejects.toMatchObject({ code: 'INTERNAL', field: 'n' });
  });

  it('sends extra headers (the console language) but keeps asking for JSON', async () => {
    const api = createApiClient({ baseUrl: server.url });
    expect((await api.request('GET', '/v1/lang', { headers: { 'accept-language': 'zh', accept: 'text/html' } })).body).toEqual({ lang: 'zh', accept: 'application/json, */*;q=0.1' });
  });

  it('throws the server’s own message and field', async () => {
    const api = createApiClient({ baseUrl: server.url });
    const err = await api.request('POST', '/v1/things', { body: { containers: [] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'container number check digit should be 3', field: 'containers.0.number' });
    expect(server.requests.at(-1)?.body).toEqual({ containers: [] });
  });

  it('reports a 401 of a signed-in call, and answers without the standard body by status', async () => {
    const expired: string[] = [];
    const api = createApiClient({ baseUrl: server.url, getToken: () => 'old', onUnauthenticated: (e) => expired.push(e.message) });
    await expect(api.request('GET', '/v1/expired')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(expired).toEqual(['token expired']);
    await expect(api.request('GET', '/v1/broken')).rejects.toMatchObject({ status: 502, code: 'INTERNAL', message: 'HTTP 502' });
  });

  it('turns an unreachable server into a NETWORK error', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(api.call(things)).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('api client with a refresh token', () => {
  let renewServer: HttpTestServer;
  beforeAll(async () => {
    renewServer = await startHttpTestServer({
      'GET /v1/me': (r) =>
        r.headers.authorization === 'Bearer fresh'
          ? { status: 200, body: { ok: true } }
          : { status: 401, body: errorBody('UNAUTHENTICATED', 'Token has expired; refresh it or sign in again') },
    });
  });
  afterAll(() => renewServer.close());

  it('renews the token once on a 401 and retries the call with the new one', async () => {
    let token = 'stale';
    let renewals = 0;
    const ended: string[] = [];
    const api = createApiClient({
      baseUrl: renewServer.url,
      getToken: () => token,
      renewToken: async () => {
        renewals++;
        token = 'fresh';
        return token;
      },
      onUnauthenticated: (e) => ended.push(e.message),
    });
    await expect(api.request('GET', '/v1/me').then((a) => a.body)).resolves.toEqual({ ok: true });
    expect(renewals).toBe(1);
    expect(ended).toEqual([]);
    expect(renewServer.requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('ends the session when the token cannot be renewed', async () => {
    const ended: string[] = [];
    const api = createApiClient({ baseUrl: renewServer.url, getToken: () => 'stale', renewToken: async () => null, onUnauthenticated: (e) => ended.push(e.message) });
    await expect(api.request('GET', '/v1/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(ended).toHaveLength(1);
  });
});
