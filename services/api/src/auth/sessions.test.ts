/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Sessions against the real server: short access tokens with exp/iss/aud
 * enforced, rotating refresh tokens with reuse detection, logout that ends the
 * session's tokens and sockets at once, and sockets closed at token expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { io as connect } from 'socket.io-client';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../testing/test-api.ts';
import { sessionEnd } from '../testing/socket-end.ts';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

async function login(t: TestApi, username: string) {
  const r = await t.call('POST', '/v1/auth/login', { body: { username, password: 'demo' } });
  expect(r.status).toBe(200);
  return r.body as { token: string; refreshToken: string; expiresAt: string; refreshExpiresAt: string; user: { id: string } };
}

describe('access tokens and refresh', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('login returns a 15-minute token, its expiry and a refresh token', async () => {
    const s = await login(t, 'operator1');
    const ttl = Date.parse(s.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(13 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await t.call('GET', '/v1/me', { token: s.token })).status).toBe(200);
  });

  it('refuses a correctly signed token without exp, or with the wrong audience or issuer', async () => {
    const s = await login(t, 'operator1');
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString()) as Record<string, any>;
    const forge = (edit: (j: SignJWT) => SignJWT, omit: string[] = []) => {
      const payload = Object.fromEntries(Object.entries(claims).filter(([k]) => !omit.includes(k)));
      return edit(new SignJWT(payload).setProtectedHeader({ alg: 'HS256' })).sign(key);
    };
    const noExp = await forge((j) => j, ['exp']);
    const wrongAud = await forge((j) => j.setAudience('another-service'));
    const wrongIss = await forge((j) => j.setIssuer('someone-else'));
    const noAud = await forge((j) => j, ['aud']);
    for (const token of [noExp, wrongAud, wrongIss, noAud]) {
      const r = await t.call('GET', '/v1/me', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    // The same claims, properly signed, pass: the refusals above are about the claims alone.
    expect((await t.call('GET', '/v1/me', { token: await forge((j) => j) })).status).toBe(200);
    await expect(t.socket(noExp)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
  });

  it('rotates refresh tokens; presenting a rotated one revokes the whole family', async () => {
    const s1 = await login(t, 'manager1');
    const r2 = await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: s1.refreshToken } });
    expect(r2.status).toBe(200);
    expect(r2.body.refreshToken).not.toBe(s1.refreshToken);
    expect(r2.body.user.username).toBe('manager1');
    expect((await t.call('GET', '/v1/me', { token: r2.body.token })).status).toBe(200);
    const r3 = await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: r2.body.refreshToken } });
    expect(r3.status).toBe(200);

    // A thief replays the first token: the whole family dies, the legitimate holder's tokens too.
    const stolen = await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: s1.refreshToken } });
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.field).toBe('refreshToken');
    expect((await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: r3.body.refreshToken } })).status).toBe(401);
    expect((await t.call('GET', '/v1/me', { token: r3.body.token })).status).toBe(401);
    // Another session of the same user is untouched.
    const other = await login(t, 'manager1');
    expect((await t.call('GET', '/v1/me', { token: other.token })).status).toBe(200);
    const audit = await t.db.prisma.auditEntry.findMany({ where: { action: 'auth.refresh-reuse', targetId: s1.user.id } });
    expect(audit).toHaveLength(1);
    const stored = await t.db.prisma.refreshToken.findMany({ where: { userId: s1.user.id } });
    // Only hashes are kept.
    expect(stored.some((r) => r.tokenHash === s1.refreshToken)).toBe(false);
  });

  it('refuses unknown and malformed refresh tokens with 4xx naming the field', async () => {
    const unknown = await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
    expect(unknown.status).toBe(401);
    const missing = await t.call('POST', '/v1/auth/refresh', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('refreshToken');
  });

  it('logout refuses the old access token at once, closes its sockets and kills its refresh token', async () => {
    const s = await login(t, 'operator1');
    const socket = await t.socket(s.token);
    const ended = sessionEnd(socket);
    expect((await t.call('POST', '/v1/auth/logout', { token: s.token })).status).toBe(204);
    expect((await t.call('GET', '/v1/me', { token: s.token })).status).toBe(401);
    expect(await ended).toEqual({ reason: 'revoked', disconnect: 'io server disconnect' });
    await expect(t.socket(s.token)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    expect((await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status).toBe(401);
    const audit = await t.db.prisma.auditEntry.findFirst({ where: { action: 'auth.logout', actorId: s.user.id } });
    expect(audit?.actorName).toBe('operator1');
  });
});

describe('socket sessions and connection-state recovery', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('a dropped connection reconnects still guarded; the session state never breaks the adapter persisting socket.data', async () => {
    const s = await login(t, 'operator1');
    const socket = connect(`${t.url}/live`, { auth: { token: s.token }, transports: ['websocket'], reconnectionDelay: 200 });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(await socket.emitWithAck('subscribe', { gate: 'KT' })).toMatchObject({ ok: true });
      // One delta first: recovery resumes from the last broadcast offset the client saw.
      const delta = new Promise((resolve) => socket.once('delta', resolve));
      expect((await t.call('POST', '/v1/gates/KT/lanes/KT-N1/pause', { token: s.token, body: { reason: 'shift change' } })).status).toBe(200);
      await delta;
      const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
      // Drop the transport as a flaky network would: the server persists the socket's session
      // (socket.data, msgpack-encoded) for recovery; a timer kept in socket.data made that throw.
      socket.io.engine.close();
      await reconnected;
      expect(await socket.emitWithAck('subscribe', { gate: 'KT' })).toMatchObject({ ok: true });
      // The recovered socket is still guarded: logging out ends it.
      const ended = sessionEnd(socket as never);
      expect((await t.call('POST', '/v1/auth/logout', { token: s.token })).status).toBe(204);
      expect((await ended).reason).toBe('revoked');
    } finally {
      socket.disconnect();
    }
  });
});

describe('token expiry', () => {
  let t: TestApi;
  beforeAll(async () => {
    // Long enough that a loaded machine still connects the socket before its token expires.
    t = await startTestApi({ accessTokenTtlSeconds: 4 });
  });
  afterAll(() => t.close());

  it('an expired access token gets 401, and refresh gives a working one', async () => {
    const s = await login(t, 'operator1');
    await expect.poll(async () => (await t.call('GET', '/v1/me', { token: s.token })).status, { timeout: 15_000, interval: 250 }).toBe(401);
    const r = await t.call('GET', '/v1/me', { token: s.token });
    expect(r.body.error.message).toMatch(/expired/);
    const next = await t.call('POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(next.status).toBe(200);
    expect((await t.call('GET', '/v1/me', { token: next.body.token })).status).toBe(200);
  });

  it('a socket is disconnected when its token expires', async () => {
    const s = await login(t, 'operator1');
    // The listener goes on before the connection: on a loaded machine the token can expire while
    // the socket connects, and the server's session_ended then arrives in the same read as the
    // connect, before a listener attached after `connect` would exist.
    const socket = connect(`${t.url}/live`, { auth: { token: s.token }, transports: ['websocket'], reconnection: false, autoConnect: false });
    try {
      const ended = sessionEnd(socket);
      socket.connect();
      expect(await ended).toEqual({ reason: 'expired', disconnect: 'io server disconnect' });
    } finally {
      socket.disconnect();
    }
  });
});
