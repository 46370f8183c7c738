/**
 * The push to the province's platform, against the real server and a real local HTTP receiver: each
 * trip event arrives anonymised, signed (verifiable with the shared secret), retried under the same
 * message id after the receiver fails, and in the gate's order.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZProvinceTripEventSchema } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { verifyWebhook } from '../notify/webhook-signature.ts';
import { provincePushFromEnv } from './province-push.ts';

const SECRET = 'province-push-secret-of-at-least-32-characters';

interface Received {
  id: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  status: number;
}

let t: TestApi;
let receiver: Server;
const received: Received[] = [];
/** The receiver answers 503 to the first delivery: the relay must retry it. */
let failNext = true;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const status = failNext ? 503 : 200;
      failNext = false;
      received.push({
        id: String(req.headers['webhook-id']),
        timestamp: req.headers['webhook-timestamp'] as string | undefined,
        signature: req.headers['webhook-signature'] as string | undefined,
        body,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/borderflow`;
  t = await startTestApi({
    notify: { allowPrivateWebhooks: true, outboxPollMs: 50 },
    provincePush: { url, secret: SECRET, backoffMs: 100, outboxPollMs: 50 },
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('the province push', () => {
  // Against PostgreSQL this once delivered nothing in 20 s: each poll during the backoff counted as a failed
  // attempt and doubled the delay (outbox SendLater). The poll is faster there than on PGlite, hence only there.
  it('delivers each trip event signed and anonymised, retries a failure under the same id, in order', async () => {
    // The push takes new events from its first start on (group at `$`): wait for its group before the
    // trip's events, as a deployment does before it counts on the push (under load it came after them).
    const stream = t.platform.schedulers.get('KT')!.eventsStream();
    const groups = async () => ((await t.platform.redis.call('XINFO', 'GROUPS', stream).catch(() => [])) as unknown[][]).map((g) => String(g[1]));
    await expect.poll(groups, { timeout: 20_000 }).toContain('province');
    const request = tripRequest({ driver: { fullName: 'Lê Văn Cường', phone: '+84 912 345 672' } });
    const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
    expect(trip.status, JSON.stringify(trip.body)).toBe(201);
    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { plate: request.vehicle.plate } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);

    const delivered = () => received.filter((r) => r.status === 200);
    await expect.poll(() => delivered().map((r) => JSON.parse(r.body).type), { timeout: 20_000 }).toContain('trip_called');

    // The first delivery failed and came again under the same message id.
    const first = received[0]!;
    expect(first.status).toBe(503);
    expect(received.filter((r) => r.id === first.id).map((r) => r.status)).toEqual([503, 200]);

    const events = delivered().map((r) => ZProvinceTripEventSchema.parse(JSON.parse(r.body)));
    for (const r of delivered()) {
      expect(verifyWebhook(SECRET, r.timestamp, r.signature, r.body)).toBe(true);
      expect(verifyWebhook('another-secret-of-at-least-32-characters', r.timestamp, r.signature, r.body)).toBe(false);
    }
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(delivered().map((r) => r.id)).size).toBe(delivered().length);

    const text = received.map((r) => r.body).join('\n');
    for (const secret of [request.vehicle.plate, request.vehicle.plate.replace(/[-.]/g, ''), 'Lê Văn Cường', '912345672', trip.body.id, request.declarations![0]!]) {
      expect(text, secret).not.toContain(secret);
    }
    // Nothing about a person or the raw event was stored for sending either.
    const waiting = await t.db.prisma.outboxMessage.findMany({ where: { topic: 'province_event' } });
    expect(JSON.stringify(waiting)).not.toContain(request.vehicle.plate);
  });

  it('is configured from the environment, with a strong secret', () => {
    expect(provincePushFromEnv({})).toBeNull();
    expect(() => provincePushFromEnv({ PROVINCE_PUSH_URL: 'https://ioc.example.vn/in', PROVINCE_PUSH_SECRET: 'short' })).toThrow(/PROVINCE_PUSH_SECRET/);
    expect(provincePushFromEnv({ PROVINCE_PUSH_URL: 'https://ioc.example.vn/in', PROVINCE_PUSH_SECRET: SECRET })).toEqual({ url: 'https://ioc.example.vn/in', secret: SECRET });
  });
});
