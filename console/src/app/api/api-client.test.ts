import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
  });
});
afterAll(() => server.close());

describe('api client', () => {
  it('sends the bearer token and the query, and checks the answer with a schema', async () => {
    const api = createApiClient({ baseUrl: server.url, getToken: () => 'tok' });
    const answer = await api.get('/v1/things', { query: { gate: 'KT', empty: undefined }, schema: z.object({ auth: z.string(), n: z.number() }) });
    expect(answer).toEqual({ auth: 'Bearer tok', n: 1 });
    expect(server.requests.at(-1)?.path).toBe('/v1/things');
    await expect(api.get('/v1/things', { schema: z.object({ n: z.string() }) })).rejects.toMatchObject({ code: 'INTERNAL', field: 'n' });
  });

  it('throws the server’s own message and field', async () => {
    const api = createApiClient({ baseUrl: server.url });
    const err = await api.post('/v1/things', { containers: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'container number check digit should be 3', field: 'containers.0.number' });
    expect(server.requests.at(-1)?.body).toEqual({ containers: [] });
  });

  it('reports a 401 of a signed-in call, and answers without the standard body by status', async () => {
    const expired: string[] = [];
    const api = createApiClient({ baseUrl: server.url, getToken: () => 'old', onUnauthenticated: (e) => expired.push(e.message) });
    await expect(api.get('/v1/expired')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(expired).toEqual(['token expired']);
    await expect(api.get('/v1/broken')).rejects.toMatchObject({ status: 502, code: 'INTERNAL', message: 'HTTP 502' });
  });

  it('turns an unreachable server into a NETWORK error', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(api.get('/v1/things')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
