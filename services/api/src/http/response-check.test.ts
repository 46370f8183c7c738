/**
 * A handler whose answer drifts from its route's response schema is caught in
 * development and tests: logged with the route and the zod issue, answered as a
 * plain 500 INTERNAL problem (nothing of the answer or the issue leaks). A
 * matching answer passes untouched, and with validation off (production) the
 * drifting answer goes out as the handler wrote it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { defineRoute } from '@borderflow/contracts';
import { testRedisUrl, uniqueId } from '@borderflow/testkit/testing';
import { ApiRouter } from './api-router.ts';
import { errorHandler } from './error-handler.ts';
import { responseCheck, responseValidationEnabled } from './response-check.ts';
import { loadAuthConfig } from '../auth/auth-config.ts';
import { SessionRevocations } from '../auth/session-revocations.ts';
import { TEST_JWT_SECRET } from '../testing/test-api.ts';

const ZWaitSchema = z.object({ gate: z.string(), minutes: z.number().int().min(0) }).strict();
const waits = defineRoute({ method: 'get', path: '/v1/test/waits', summary: 'A test route', tag: 'test', response: ZWaitSchema });
const selfWritten = defineRoute({ method: 'post', path: '/v1/test/self-written', summary: 'Writes its own answer', tag: 'test', response: ZWaitSchema });

const redis = new Redis(testRedisUrl());
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await redis.quit();
});

/** A real Express app on port 0 with the api's router and error handler; `answer` is what the handlers return. */
async function serve(validate: boolean, answer: unknown): Promise<{ url: string; logs: Array<Record<string, unknown>> }> {
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const app = express();
  const router = express.Router();
  const revocations = new SessionRevocations(redis, `t:${uniqueId()}:`, { user: null as never });
  const api = new ApiRouter(router, loadAuthConfig({ JWT_SECRET: TEST_JWT_SECRET }), revocations, undefined, undefined, undefined,
    validate ? responseCheck(logger) : undefined);
  // Public rows of the permission table: the test is about answers, not access.
  api.route(waits, { permission: 'public.waits', handler: () => answer });
  api.route(selfWritten, {
    permission: 'public.slots',
    handler: ({ res }) => {
      res.status(200).json(answer);
      return undefined;
    },
  });
  app.use(router);
  app.use(errorHandler(logger));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs };
}

describe('response validation', () => {
  it('answers a drifting handler with a plain 500 problem and logs the route and the issue', async () => {
    const { url, logs } = await serve(true, { gate: 'KT', minutes: -3, secret: '/srv/app/leak.ts' });
    const res = await fetch(`${url}/v1/test/waits`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
    // Neither the drifting answer nor the issue reaches the client.
    expect(text).not.toMatch(/minutes|secret|leak|too_small|unrecognized/);
    const drift = logs.find((l) => l.msg === 'response does not match its schema');
    expect(drift?.route).toBe('GET /v1/test/waits');
    expect(drift?.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'minutes', code: 'too_small' }),
      expect.objectContaining({ code: 'unrecognized_keys' }),
    ]));
  });

  it('checks an answer the handler writes itself', async () => {
    const { url, logs } = await serve(true, { gate: 'KT' });
    const res = await fetch(`${url}/v1/test/self-written`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(logs.find((l) => l.msg === 'response does not match its schema')?.route).toBe('POST /v1/test/self-written');
  });

  it('lets a matching answer through unchanged', async () => {
    const { url, logs } = await serve(true, { gate: 'KT', minutes: 12 });
    const res = await fetch(`${url}/v1/test/waits`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ gate: 'KT', minutes: 12 });
    expect(logs).toEqual([]);
  });

  it('does not parse answers when validation is off (production)', async () => {
    const { url } = await serve(false, { gate: 'KT', minutes: -3 });
    const res = await fetch(`${url}/v1/test/waits`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ gate: 'KT', minutes: -3 });
  });

  it('is on everywhere but production unless API_RESPONSE_VALIDATION says otherwise', () => {
    expect(responseValidationEnabled({ NODE_ENV: 'test' })).toBe(true);
    expect(responseValidationEnabled({})).toBe(true);
    expect(responseValidationEnabled({ NODE_ENV: 'production' })).toBe(false);
    expect(responseValidationEnabled({ NODE_ENV: 'production', API_RESPONSE_VALIDATION: 'on' })).toBe(true);
    expect(responseValidationEnabled({ NODE_ENV: 'development', API_RESPONSE_VALIDATION: 'off' })).toBe(false);
  });
});
