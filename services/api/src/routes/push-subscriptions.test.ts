 
/**
 * Web Push subscriptions against the real server (private destinations not allowed, as in
 * production): only a signed-in driver subscribes, only to a public https push service; a driver
 * removes only their own; a browser has one owner; a driver has at most a handful.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { MAX_PUSH_SUBSCRIPTIONS } from './push-subscriptions.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ notify: { allowPrivateWebhooks: false } });
}, 120_000);
afterAll(() => t?.close());

const keys = () => ({ p256dh: randomBytes(65).toString('base64url'), auth: randomBytes(16).toString('base64url') });
const endpoint = () => `https://8.8.8.8/push/${randomBytes(8).toString('hex')}`;
const subscribe = async (user: string, body: Record<string, unknown>) => t.call('POST', '/v1/push/subscriptions', { token: await t.token(user), body });

describe('Web Push subscriptions', () => {
  it('give a driver the VAPID key and take their browser, with its language', async () => {
    const key = await t.call('GET', '/v1/push/vapid-key', { token: await t.token('driver1') });
    expect(key.status).toBe(200);
    expect(key.body.publicKey).toMatch(/^[A-Za-z0-9_-]{80,90}$/);
    const r = await subscribe('driver1', { endpoint: endpoint(), keys: keys(), locale: 'zh' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.locale).toBe('zh');
  });

  it('refuse a push endpoint that is not a public https URL (the server would POST to it)', async () => {
    for (const [url, rule] of [
      ['http://8.8.8.8/push/x', 'https'],
      ['https://127.0.0.1/push/x', 'private_address'],
      ['https://169.254.169.254/latest', 'private_address'],
      ['https://[::1]/push', 'private_address'],
    ] as const) {
      const r = await subscribe('driver1', { endpoint: url, keys: keys() });
      expect(r.status, url).toBe(400);
      expect(r.body.errors[0], url).toMatchObject({ field: 'endpoint', rule });
    }
  });

  it('are for drivers only, not for staff or API keys', async () => {
    expect((await subscribe('operator1', { endpoint: endpoint(), keys: keys() })).status).toBe(403);
    const key = await t.call('POST', '/v1/company/api-keys', { token: await t.token('fleetadmin1'), body: { name: 'TMS', scopes: ['trips:read', 'trips:write'] } });
    const byKey = await t.call('POST', '/v1/push/subscriptions', { headers: { 'x-api-key': key.body.key }, body: { endpoint: endpoint(), keys: keys() } });
    expect(byKey.status).toBe(403);
  });

  it("are removed only by their owner; a browser moves to whoever subscribes it last", async () => {
    const url = endpoint();
    const mine = await subscribe('driver1', { endpoint: url, keys: keys() });
    expect((await t.call('DELETE', `/v1/push/subscriptions/${mine.body.id}`, { token: await t.token('driver2') })).status).toBe(404);
    const moved = await subscribe('driver2', { endpoint: url, keys: keys() });
    expect(moved.body.id).toBe(mine.body.id);
    expect((await t.call('DELETE', `/v1/push/subscriptions/${mine.body.id}`, { token: await t.token('driver1') })).status).toBe(404);
    expect((await t.call('DELETE', `/v1/push/subscriptions/${mine.body.id}`, { token: await t.token('driver2') })).status).toBe(204);
    expect(await t.db.prisma.pushSubscription.count({ where: { endpoint: url } })).toBe(0);
  });

  it(`keep at most ${MAX_PUSH_SUBSCRIPTIONS} browsers per driver, dropping the oldest`, async () => {
    const driver2 = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver2' } });
    const first = await subscribe('driver2', { endpoint: endpoint(), keys: keys() });
    for (let i = 0; i < MAX_PUSH_SUBSCRIPTIONS; i++) expect((await subscribe('driver2', { endpoint: endpoint(), keys: keys() })).status).toBe(201);
    expect(await t.db.prisma.pushSubscription.count({ where: { userId: driver2.id } })).toBe(MAX_PUSH_SUBSCRIPTIONS);
    expect(await t.db.prisma.pushSubscription.count({ where: { id: first.body.id } })).toBe(0);
  });
});
