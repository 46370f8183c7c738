/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The admin's user controls against two real API processes sharing Redis and
 * the database: disabling, deleting or re-roling a user ends their tokens and
 * sockets at once in the OTHER process too; each change is audited; nobody
 * but an admin may touch them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestApi, startTestPlatform, type TestApi } from '../testing/test-api.ts';
import { sessionEnd } from '../testing/socket-end.ts';
import type { Platform } from '../platform.ts';

let a: TestApi;
let b: Platform;
const sockets: Socket[] = [];

beforeAll(async () => {
  a = await startTestApi();
  // A second API process on the same database and Redis prefix.
  b = await startTestPlatform(a.db, a.prefix);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await b.close();
  await a.close();
});

async function onB(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${b.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

function socketOnB(token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(`${b.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

let serial = 0;
/** A fresh user created by the admin through A, then signed in on B. */
async function newUser(role: 'driver' | 'operator' | 'manager' = 'operator') {
  const admin = await a.token('admin1');
  const username = `user-${Date.now().toString(36)}-${++serial}`;
  const created = await a.call('POST', '/v1/admin/users', {
    token: admin,
    body: { username, password: 'a-long-password', role, displayName: 'Người thử' },
  });
  expect(created.status).toBe(201);
  const login = await onB('POST', '/v1/auth/login', undefined, { username, password: 'a-long-password' });
  expect(login.status).toBe(200);
  return { id: created.body.id as string, username, token: login.body.token as string, refreshToken: login.body.refreshToken as string };
}

describe('admin user controls', () => {
  it('lists users without password hashes', async () => {
    const r = await a.call('GET', '/v1/admin/users', { token: await a.token('admin1') });
    expect(r.status).toBe(200);
    expect(r.body.users.map((u: any) => u.username)).toContain('driver1');
    expect(JSON.stringify(r.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
  });

  it('disabling a user ends their token and socket at once in the other process; enabling lets them sign in again', async () => {
    const u = await newUser();
    const socket = await socketOnB(u.token);
    const ended = sessionEnd(socket);
    const r = await a.call('POST', `/v1/admin/users/${u.id}/disable`, { token: await a.token('admin1'), body: { reason: 'left the company' } });
    expect(r.status).toBe(200);
    expect(r.body.disabledAt).not.toBeNull();
    // Answered by A only after every process can see it: B refuses the token on the very next request.
    expect((await onB('GET', '/v1/me', u.token)).status).toBe(401);
    expect(await ended).toEqual({ reason: 'revoked', disconnect: 'io server disconnect' });
    expect((await onB('POST', '/v1/auth/refresh', undefined, { refreshToken: u.refreshToken })).status).toBe(401);
    const login = await onB('POST', '/v1/auth/login', undefined, { username: u.username, password: 'a-long-password' });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toMatch(/disabled/);

    expect((await a.call('POST', `/v1/admin/users/${u.id}/enable`, { token: await a.token('admin1'), body: {} })).status).toBe(200);
    const again = await onB('POST', '/v1/auth/login', undefined, { username: u.username, password: 'a-long-password' });
    expect(again.status).toBe(200);
    expect((await onB('GET', '/v1/me', again.body.token)).status).toBe(200);
    // Enabling does not bring the old token back.
    expect((await onB('GET', '/v1/me', u.token)).status).toBe(401);
    const audit = await a.db.prisma.auditEntry.findMany({ where: { targetId: u.id }, orderBy: { id: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['user.create', 'user.disable', 'user.enable']);
    expect(audit[1]).toMatchObject({ actorName: 'admin1', actorRole: 'admin', reason: 'left the company' });
  });

  it('a role change refuses the old token at once; a new login carries the new role', async () => {
    const u = await newUser('operator');
    expect((await onB('GET', '/v1/gates/KT/lanes', u.token)).status).toBe(200);
    const r = await a.call('PUT', `/v1/admin/users/${u.id}/role`, { token: await a.token('admin1'), body: { role: 'driver' } });
    expect(r.status).toBe(200);
    expect(r.body.role).toBe('driver');
    expect((await onB('GET', '/v1/gates/KT/lanes', u.token)).status).toBe(401);
    const again = await onB('POST', '/v1/auth/login', undefined, { username: u.username, password: 'a-long-password' });
    expect(again.body.user.role).toBe('driver');
    expect((await onB('GET', '/v1/gates/KT/lanes', again.body.token)).status).toBe(403);
    const entry = await a.db.prisma.auditEntry.findFirst({ where: { action: 'user.role', targetId: u.id } });
    expect(entry?.detail).toMatchObject({ from: 'operator', to: 'driver' });
  });

  it("a deleted user's token, socket, refresh token and password stop working", async () => {
    const u = await newUser();
    const socket = await socketOnB(u.token);
    const ended = sessionEnd(socket);
    expect((await a.call('DELETE', `/v1/admin/users/${u.id}`, { token: await a.token('admin1') })).status).toBe(204);
    expect((await onB('GET', '/v1/me', u.token)).status).toBe(401);
    expect((await ended).reason).toBe('revoked');
    expect((await onB('POST', '/v1/auth/refresh', undefined, { refreshToken: u.refreshToken })).status).toBe(401);
    expect((await onB('POST', '/v1/auth/login', undefined, { username: u.username, password: 'a-long-password' })).status).toBe(401);
    const list = await a.call('GET', '/v1/admin/users', { token: await a.token('admin1') });
    expect(list.body.users.map((x: any) => x.id)).not.toContain(u.id);
    expect((await a.call('POST', `/v1/admin/users/${u.id}/enable`, { token: await a.token('admin1'), body: {} })).status).toBe(404);
    expect(await a.db.prisma.auditEntry.count({ where: { action: 'user.delete', targetId: u.id } })).toBe(1);
  });

  it('refuses non-admins (403) and anonymous callers (401) on every admin route', async () => {
    const u = await newUser();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v1/admin/users'],
      ['POST', '/v1/admin/users', { username: 'mallory', password: 'a-long-password', role: 'admin', displayName: 'M' }],
      ['POST', `/v1/admin/users/${u.id}/disable`, {}],
      ['POST', `/v1/admin/users/${u.id}/enable`, {}],
      ['PUT', `/v1/admin/users/${u.id}/role`, { role: 'admin' }],
      ['DELETE', `/v1/admin/users/${u.id}`],
    ];
    for (const who of ['driver1', 'operator1', 'manager1', 'customs1']) {
      const token = await a.token(who);
      for (const [method, path, body] of routes) {
        expect((await a.call(method, path, { token, body })).status, `${who} ${method} ${path}`).toBe(403);
      }
    }
    for (const [method, path, body] of routes) {
      expect((await a.call(method, path, { body })).status, `anonymous ${method} ${path}`).toBe(401);
    }
    expect(await a.db.prisma.user.count({ where: { username: 'mallory' } })).toBe(0);
    expect((await onB('GET', '/v1/me', u.token)).status).toBe(200);
  });

  it('rejects bad input naming the field, and an admin cannot lock themselves out', async () => {
    const admin = await a.token('admin1');
    const bad = await a.call('POST', '/v1/admin/users', { token: admin, body: { username: 'x', password: 'a-long-password', role: 'driver', displayName: 'X' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('username');
    const agency = await a.call('POST', '/v1/admin/users', { token: admin, body: { username: 'agency-x', password: 'a-long-password', role: 'agency', displayName: 'X' } });
    expect(agency.status).toBe(400);
    expect(agency.body.error.field).toBe('agency');
    const dup = await a.call('POST', '/v1/admin/users', { token: admin, body: { username: 'driver1', password: 'a-long-password', role: 'driver', displayName: 'X' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('username');
    expect((await a.call('POST', '/v1/admin/users/not-a-uuid/disable', { token: admin, body: {} })).body.error.field).toBe('userId');
    const me = (await a.call('GET', '/v1/me', { token: admin })).body.id as string;
    const self = await a.call('POST', `/v1/admin/users/${me}/disable`, { token: admin, body: {} });
    expect(self.status).toBe(409);
    expect((await a.call('GET', '/v1/me', { token: admin })).status).toBe(200);
  });
});
