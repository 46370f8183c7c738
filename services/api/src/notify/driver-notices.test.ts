/**
 * The driver's call-up by SMS and Web Push, against the real platform: a real push service
 * stand-in on port 0 receives the encrypted, VAPID-signed push; the SMS goes through a provider
 * (a recording one here, the log one by default) in the driver's language.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import type { SmsMessage, SmsProvider } from './sms-provider.ts';

const pushes: Array<{ url: string; headers: IncomingHttpHeaders; bytes: number }> = [];
const pushService = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => {
    pushes.push({ url: req.url ?? '', headers: req.headers, bytes });
    res.writeHead(201).end();
  });
});
const texts: SmsMessage[] = [];
const sms: SmsProvider = { name: 'recording', send: async (m) => void texts.push(m) };

let t: TestApi;
beforeAll(async () => {
  await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
  t = await startTestApi({ notify: { allowPrivateWebhooks: true, sms, outboxPollMs: 50 } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  pushService.close();
});

describe("the driver's call-up notices", () => {
  it('reach the phone by SMS and Web Push, in the language the driver chose', async () => {
    const browserKey = createECDH('prime256v1');
    browserKey.generateKeys();
    const endpoint = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}/push/${randomBytes(6).toString('hex')}`;
    const sub = await t.call('POST', '/v1/push/subscriptions', {
      token: await t.token('driver1'),
      body: { endpoint, keys: { p256dh: browserKey.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }, locale: 'zh' },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const vapid = (await t.call('GET', '/v1/push/vapid-key', { token: await t.token('driver1') })).body.publicKey as string;

    const request = tripRequest({ direction: 'entry' });
    const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { plate: request.vehicle.plate } });
    expect(checkIn.body.trip.state).toBe('called');
    const lane = await t.db.prisma.lane.findUniqueOrThrow({ where: { code: checkIn.body.trip.laneId } });

    await until('the push', () => pushes.some((p) => endpoint.endsWith(p.url)));
    const push = pushes.find((p) => endpoint.endsWith(p.url))!;
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid}$`));
    expect(push.headers.urgency).toBe('high');
    expect(push.bytes).toBeGreaterThan(0);

    const named = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: trip.body.id }, select: { driver: true, vehicle: true } });
    await until('the SMS', () => texts.some((m) => m.to === named.driver.phone));
    const text = texts.find((m) => m.to === named.driver.phone)!;
    expect(text.locale).toBe('zh');
    expect(text.text).toBe(`车辆 ${named.vehicle.plateDisplay} 请立即前往 ${lane.name}。`);
  });

  it('forget a subscription the push service says is gone', async () => {
    const goneService = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(410).end());
    });
    await new Promise<void>((r) => goneService.listen(0, '127.0.0.1', r));
    try {
      const key = createECDH('prime256v1');
      key.generateKeys();
      const endpoint = `http://127.0.0.1:${(goneService.address() as AddressInfo).port}/push/gone`;
      const sub = await t.call('POST', '/v1/push/subscriptions', {
        token: await t.token('driver1'),
        body: { endpoint, keys: { p256dh: key.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } },
      });
      expect(sub.status).toBe(201);
      const request = tripRequest({ direction: 'entry' });
      await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
      await t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { plate: request.vehicle.plate } });
      await until('the gone subscription deleted', async () => (await t.db.prisma.pushSubscription.count({ where: { endpoint } })) === 0);
    } finally {
      goneService.close();
    }
  });
});
