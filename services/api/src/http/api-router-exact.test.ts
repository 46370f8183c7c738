/**
 * Routes without path parameters are served by one map lookup ahead of Express' walk over every
 * route (api-router.ts, exactRoutesAnsweringErrorsWith). The route that answers must be the one Express would pick:
 * a route declared earlier whose pattern takes the path keeps it, and every other form of the path
 * (trailing slash, another case, HEAD) still reaches the same route through Express. Errors and the
 * metrics' route label are as before; an exact route's refusal goes straight to the error handler.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute } from '@borderflow/contracts';
import { testRedisUrl, uniqueId } from '@borderflow/testkit/testing';
import { ApiRouter } from './api-router.ts';
import { errorHandler } from './error-handler.ts';
import { loadAuthConfig } from '../auth/auth-config.ts';
import { SessionRevocations } from '../auth/session-revocations.ts';
import { TEST_JWT_SECRET } from '../testing/test-api.ts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from './refusal-words.ts';
import { createMetrics } from '../metrics.ts';

const ZWho = z.object({ who: z.string() });
const byId = defineRoute({ method: 'get', path: '/v1/test/things/:id', summary: 'One thing', tag: 'test', params: z.object({ id: z.string() }), response: ZWho });
const latest = defineRoute({ method: 'get', path: '/v1/test/things/latest', summary: 'Declared after the pattern that takes its path', tag: 'test', response: ZWho });
const plain = defineRoute({ method: 'get', path: '/v1/test/plain', summary: 'A plain path', tag: 'test', response: ZWho });
const refused = defineRoute({ method: 'post', path: '/v1/test/refused', summary: 'Always refused', tag: 'test', response: ZWho });

const redis = new Redis(testRedisUrl());
const metrics = createMetrics();
let server: Server;
let url = '';
const walked: string[] = [];
beforeAll(async () => {
  const app = express();
  app.use(metrics.httpMiddleware);
  const router = express.Router();
  const revocations = new SessionRevocations(redis, `t:${uniqueId()}:`, { user: null as never });
  const api = new ApiRouter(router, loadAuthConfig({ JWT_SECRET: TEST_JWT_SECRET }), revocations);
  // Public rows of the permission table: the test is about which route answers, not access.
  api.route(byId, { permission: 'public.waits', handler: ({ params }) => ({ who: `by id ${params.id}` }) });
  api.route(latest, { permission: 'public.waits', handler: () => ({ who: 'latest' }) });
  api.route(plain, { permission: 'public.waits', handler: () => ({ who: 'plain' }) });
  api.route(refused, {
    permission: 'public.slots',
    handler: async () => {
      await new Promise((r) => setTimeout(r, 1));
      throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
    },
  });
  const errors = errorHandler(pino({ level: 'silent' }));
  app.use(api.exactRoutesAnsweringErrorsWith(errors));
  app.use(router);
  // Sees every error that walks the app's later layers to the error handler.
  app.use((err: unknown, req: express.Request, _res: express.Response, next: express.NextFunction) => {
    walked.push(req.originalUrl);
    next(err);
  });
  app.use(errors);
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await redis.quit();
});

describe('parameterless routes served by one lookup', () => {
  it('answers with the route Express would pick, whatever form the path takes', async () => {
    const who = async (path: string, method = 'GET') => {
      const res = await fetch(`${url}${path}`, { method });
      return method === 'HEAD' ? res.status : (await res.json() as { who: string }).who;
    };
    // Declared first, the pattern keeps the path, as in Express.
    expect(await who('/v1/test/things/latest')).toBe('by id latest');
    expect(await who('/v1/test/things/7')).toBe('by id 7');
    expect(await who('/v1/test/plain')).toBe('plain');
    expect(await who('/v1/test/plain/')).toBe('plain');
    expect(await who('/V1/Test/Plain')).toBe('plain');
    expect(await who('/v1/test/plain?x=1')).toBe('plain');
    expect(await who('/v1/test/plain', 'HEAD')).toBe(200);
  });

  it('renders a rejected handler as its problem, and labels the metrics by route', async () => {
    const res = await fetch(`${url}/v1/test/refused`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('tripId');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/route="\/v1\/test\/refused",status="404"/);
    expect(text).toMatch(/route="\/v1\/test\/plain",status="200"/);
  });

  it("answers an exact route's refusal with the error handler at once; other forms of its path still walk to it", async () => {
    walked.length = 0;
    const direct = await fetch(`${url}/v1/test/refused`, { method: 'POST', headers: { 'accept-language': 'vi' } });
    const walking = await fetch(`${url}/v1/test/refused/`, { method: 'POST', headers: { 'accept-language': 'vi' } });
    expect(direct.status).toBe(404);
    expect(walking.status).toBe(404);
    // The same problem either way (the path it names aside).
    const body = async (r: Response) => {
      const json = (await r.json()) as Record<string, unknown>;
      delete json.instance;
      return json;
    };
    expect(await body(direct)).toEqual(await body(walking));
    expect(walked).toEqual(['/v1/test/refused/']);
  });
});
