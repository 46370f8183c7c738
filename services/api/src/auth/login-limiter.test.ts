/**
 * The login limiter against the real server and real Redis: exponential
 * backoff per account + client IP with Retry-After, shared by every process,
 * a stranger cannot lock a named user out, and every failed login is audited.
 * Client addresses are real: requests leave from 127.0.0.2 / 127.0.0.3.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { testRedisUrl, uniqueId, deleteKeysWithPrefix } from '@borderflow/testkit/testing';
import { startTestApi, startTestPlatform, type TestApi } from '../testing/test-api.ts';
import type { Platform } from '../platform.ts';
import { LoginLimiter } from './login-limiter.ts';

let t: TestApi;
let second: Platform;
beforeAll(async () => {
  // Listen on every loopback address so requests can come from 127.0.0.2 and 127.0.0.3.
  t = await startTestApi({ host: '0.0.0.0' });
  second = await startTestPlatform(t.db, t.prefix, { host: '0.0.0.0' });
});
afterAll(async () => {
  await second.close();
  await t.close();
});

/** POST /v1/auth/login from a given local address. */
function loginFrom(base: string, localAddress: string, username: string, password: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const url = new URL('/v1/auth/login', base);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('login backoff', () => {
  it('slows a stranger guessing driver1 from one address, in every process, without locking driver1 out elsewhere', async () => {
    const stranger = '127.0.0.2';
    for (let i = 0; i < 5; i++) expect((await loginFrom(t.url, stranger, 'driver1', `guess-${i}`)).status).toBe(401);
    const blocked = await loginFrom(t.url, stranger, 'driver1', 'guess-5');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    // The other API process shares the count (Redis), and even the right password waits.
    expect((await loginFrom(second.url, stranger, 'driver1', 'demo')).status).toBe(429);
    // driver1 at their own address is not affected, nor is another account from the stranger's address.
    expect((await loginFrom(t.url, '127.0.0.3', 'driver1', 'demo')).status).toBe(200);
    expect((await loginFrom(second.url, stranger, 'driver2', 'demo')).status).toBe(200);
  });

  it('audits every failed login with the username tried and the address, without an actor', async () => {
    expect((await loginFrom(t.url, '127.0.0.4', 'nobody-here', 'x')).status).toBe(401);
    expect((await loginFrom(t.url, '127.0.0.4', 'operator1', 'wrong')).status).toBe(401);
    const rows = await t.db.prisma.auditEntry.findMany({ where: { action: 'auth.login-failed', ip: { contains: '127.0.0.4' } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.actorName, r.actorId, r.detail])).toEqual([
      ['nobody-here', null, { reason: 'unknown-user' }],
      ['operator1', null, { reason: 'wrong-password' }],
    ]);
    const strangers = await t.db.prisma.auditEntry.count({ where: { action: 'auth.login-failed', actorName: 'driver1', ip: { contains: '127.0.0.2' } } });
    expect(strangers).toBe(5);
  });
});

describe('LoginLimiter', () => {
  const redis = new Redis(testRedisUrl());
  const prefix = `t:${uniqueId()}:`;
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  it('lets exactly the free attempts of a parallel burst through', async () => {
    const limiter = new LoginLimiter(redis, prefix, { freeAttempts: 5, baseDelayMs: 60_000 });
    const waits = await Promise.all(Array.from({ length: 30 }, () => limiter.attempt('burst', '10.0.0.1')));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(50_000);
  });

  it('doubles the wait after each further attempt, and forgets after a success', async () => {
    const limiter = new LoginLimiter(redis, prefix, { freeAttempts: 2, baseDelayMs: 1500 });
    expect(await limiter.attempt('doubling', '10.0.0.1')).toBe(0);
    expect(await limiter.attempt('doubling', '10.0.0.1')).toBe(0);
    const first = await limiter.attempt('doubling', '10.0.0.1');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1500);
    await new Promise((r) => setTimeout(r, first + 50));
    expect(await limiter.attempt('doubling', '10.0.0.1')).toBe(0);
    // Second wait: 3 s, so more than the whole first one is still left.
    expect(await limiter.attempt('doubling', '10.0.0.1')).toBeGreaterThan(1500);
    await limiter.succeeded('doubling', '10.0.0.1');
    expect(await limiter.attempt('doubling', '10.0.0.1')).toBe(0);
  });
});
