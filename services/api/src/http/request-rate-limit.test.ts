/**
 * Requests per account and per IP, counted in Redis: a client over its budget
 * gets 429 with Retry-After and RateLimit headers, the budget holds across API
 * processes (a second app on the same Redis), and only the verified account
 * spends its budget (a forged token cannot exhaust someone else's). Before,
 * nothing limited requests: one driver registered 150 trips in 15 seconds.
 * On one Redis server a signed-in request's session check and its budget are one script call, and a
 * session that is over (logged out, or older than the user's version) spends nothing.
 */
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { redisMonitor, testRedisUrl } from '@borderflow/testkit/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { createApp } from '../create-app.ts';

const opened: TestApi[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await Promise.all(opened.map((t) => t.close()));
});

async function platform(perIp: number, perAccount: number): Promise<TestApi> {
  const t = await startTestApi({ requestRateLimit: { perIp, perAccount, windowMs: 60_000 } });
  opened.push(t);
  return t;
}

describe('per account', () => {
  it('answers the request after the budget with 429, Retry-After and RateLimit headers; other accounts go on', async () => {
    const t = await platform(1000, 5);
    const [driver1, driver2] = [await t.token('driver1'), await t.token('driver2')];
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await t.call('GET', '/v1/trips', { token: driver1 }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    const refused = answers[5]!;
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.message).toMatch(/this account/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('5');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retryAfter);
    // The same address, another account: its own budget.
    expect((await t.call('GET', '/v1/trips', { token: driver2 })).status).toBe(200);

    // A second API process on the same Redis counts against the same budget.
    const ctx = testApiContext(t);
    const other = createServer(createApp(ctx, {
      staticDir: null,
      requestRateLimit: { perIp: 1000, perAccount: 5, windowMs: 60_000 },
      redisPrefix: t.prefix,
    }));
    servers.push(other);
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/v1/trips`, { headers: { authorization: `Bearer ${driver1}` } });
    expect(res.status).toBe(429);
  });

  it("does not let a forged token spend another account's budget", async () => {
    const t = await platform(1000, 3);
    const driver1 = await t.token('driver1');
    const [header, payload] = driver1.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (let i = 0; i < 10; i++) expect((await t.call('GET', '/v1/trips', { token: forged })).status).toBe(401);
    expect((await t.call('GET', '/v1/trips', { token: driver1 })).status).toBe(200);
  });
});

describe('per IP', () => {
  it('limits anonymous and signed-in requests from one address together', async () => {
    const t = await platform(8, 1000);
    const operator = await t.token('operator1'); // the login is the address's first request
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await t.call('GET', '/v1/gates/KT/policy')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
    const signedIn = await t.call('GET', '/v1/gates/KT/lanes', { token: operator });
    expect(signedIn.status).toBe(429);
    expect(signedIn.body.error.message).toMatch(/this address/);
    expect(Number(signedIn.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

/** Logs `username` in: a fresh session (its own token), without the test API's token cache. */
async function session(t: TestApi, username: string): Promise<{ token: string; user: { id: string } }> {
  const r = await t.call('POST', '/v1/auth/login', { body: { username, password: 'demo' } });
  expect(r.status).toBe(200);
  return r.body as { token: string; user: { id: string } };
}

describe('the session check and the budget', () => {
  it('are one Redis call for a signed-in request on one server', async () => {
    const t = await platform(1000, 1000);
    const { token } = await session(t, 'driver1');
    // The scripts are loaded on the first call (EVALSHA, then EVAL once): count the second request's.
    expect((await t.call('GET', '/v1/me', { token })).status).toBe(200);
    const monitor = await redisMonitor(testRedisUrl());
    const calls: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      // The client's calls, not the commands its scripts run.
      if (source !== 'lua' && args.some((a) => a.startsWith(`${t.prefix}auth:`) || a.startsWith(`${t.prefix}rl:`))) calls.push(args);
    });
    try {
      expect((await t.call('GET', '/v1/me', { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      monitor.disconnect();
    }
    expect(calls).toHaveLength(1);
    const keys = calls[0]!;
    expect(keys.some((a) => a.endsWith(':sv'))).toBe(true);
    expect(keys.some((a) => a.startsWith(`${t.prefix}rl:acct:`))).toBe(true);
    expect(keys.some((a) => a.startsWith(`${t.prefix}rl:ip:`))).toBe(true);
  });

  it('spend nothing for a logged-out session, and once for a session whose version Redis lost', async () => {
    const t = await platform(1000, 6);
    const first = await session(t, 'driver2');
    const remaining = async (token: string) => {
      const r = await t.call('GET', '/v1/me', { token });
      return { status: r.status, remaining: r.headers.get('ratelimit-remaining') };
    };
    expect(await remaining(first.token)).toEqual({ status: 200, remaining: '5' });
    expect((await t.call('POST', '/v1/auth/logout', { token: first.token })).status).toBe(204); // 4 left
    for (let i = 0; i < 5; i++) {
      const r = await t.call('GET', '/v1/me', { token: first.token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    const second = await session(t, 'driver2');
    expect(await remaining(second.token)).toEqual({ status: 200, remaining: '3' });
    // Redis lost the user's version: it is read from the database, and the request is counted once.
    const redis = new Redis(testRedisUrl());
    try {
      expect(await redis.del(`${t.prefix}auth:{u:${second.user.id}}:sv`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    expect(await remaining(second.token)).toEqual({ status: 200, remaining: '2' });
    expect(await remaining(second.token)).toEqual({ status: 200, remaining: '1' });
  });

  it('spend nothing for a token older than its user\'s session version', async () => {
    const t = await platform(1000, 6);
    const { token, user } = await session(t, 'driver1');
    const me = async () => {
      const r = await t.call('GET', '/v1/me', { token });
      return { status: r.status, code: r.body.error?.code, remaining: r.headers.get('ratelimit-remaining') };
    };
    expect(await me()).toMatchObject({ status: 200, remaining: '5' });
    const redis = new Redis(testRedisUrl());
    const versionKey = `${t.prefix}auth:{u:${user.id}}:sv`;
    const version = await redis.get(versionKey);
    try {
      // A revocation raised the version above the token's: its requests are refused and counted nowhere.
      await redis.set(versionKey, String(Number(version) + 1));
      for (let i = 0; i < 5; i++) expect(await me()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      await redis.set(versionKey, String(version));
    } finally {
      redis.disconnect();
    }
    expect(await me()).toMatchObject({ status: 200, remaining: '4' });
  });
});
