/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * Carrier webhooks against the real platform and real HTTP receivers on port 0: a company's
 * administrator registers an endpoint (secret shown once); a call-up of one of its trucks arrives
 * signed (the receiver verifies it as docs/webhooks.md says) with a message id; a receiver that
 * answers 500 gets the same message again and the delivery log says so; another company's
 * endpoint never hears of it, and its log shows nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS } from '@borderflow/contracts';
import type { TestApi } from '../testing/test-api.ts';
import { startWebhookTestApi, webhookReceiver, type Received, type WebhookReceiver } from '../testing/webhook-fixtures.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import { verifyWebhook } from './webhook-signature.ts';

let t: TestApi;
let carrierA: WebhookReceiver;
let carrierB: WebhookReceiver;
let holdsOnly: WebhookReceiver;
let secretA = '';

const register = async (token: string, url: string, events: string[]) => {
  const r = await t.call('POST', '/v1/company/webhooks', { token, body: { url, events } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; secret: string; url: string; events: string[] };
};

/** Registers and checks in a trip of `driver` (entry: a free lane calls it at once). */
async function callUp(driver: string, plate?: string): Promise<{ id: string; plate: string }> {
  const request = tripRequest({ direction: 'entry', ...(plate ? { vehicle: { plate } } : {}) } as any);
  const trip = await t.call('POST', '/v1/trips', { token: await t.token(driver), body: request });
  expect(trip.status, JSON.stringify(trip.body)).toBe(201);
  const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: await t.token('operator1'), body: { plate: request.vehicle.plate } });
  expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
  expect(checkIn.body.trip.state).toBe('called');
  return { id: trip.body.id, plate: trip.body.vehicle.plate };
}

beforeAll(async () => {
  [carrierA, carrierB, holdsOnly] = await Promise.all([webhookReceiver(), webhookReceiver(), webhookReceiver()]);
  t = await startWebhookTestApi();
}, 120_000);
afterAll(async () => {
  await t?.close();
  for (const r of [carrierA, carrierB, holdsOnly]) r?.server.close();
});

describe('carrier webhooks', () => {
  it("are managed by the company's administrator only; the secret is shown once", async () => {
    const created = await register(await t.token('fleetadmin1'), carrierA.url, ['call-up', 'hold', 'release']);
    secretA = created.secret;
    expect(secretA).toMatch(/^whsec_/);
    const list = await t.call('GET', '/v1/company/webhooks', { token: await t.token('fleetadmin1') });
    expect(list.body.endpoints.map((e: any) => e.id)).toContain(created.id);
    expect(JSON.stringify(list.body)).not.toContain(secretA);
    // A driver of the company is not its administrator.
    const driver = await t.call('POST', '/v1/company/webhooks', { token: await t.token('driver1'), body: { url: carrierA.url, events: ['call-up'] } });
    expect(driver.status).toBe(403);
    expect(driver.body.error.field).toBe('companyRole');
    const bad = await t.call('POST', '/v1/company/webhooks', { token: await t.token('fleetadmin1'), body: { url: 'ftp://x', events: ['teleport'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['events.0', 'url']);
    await register(await t.token('fleetadmin1'), holdsOnly.url, ['hold']);
    await register(await t.token('fleetadmin2'), carrierB.url, ['call-up']);
  });

  it('deliver a call-up signed, with a message id, retried after a 500 under the same id, and logged', async () => {
    carrierA.answers.push(500);
    const trip = await callUp('driver1');
    await until('two attempts at carrier A', () => carrierA.got.length >= 2);
    const [first, second] = carrierA.got as [Received, Received];
    for (const r of [first, second]) {
      expect(verifyWebhook(secretA, r.headers[WEBHOOK_HEADERS.timestamp] as string, r.headers[WEBHOOK_HEADERS.signature] as string, r.body)).toBe(true);
      // A forged body does not verify.
      expect(verifyWebhook(secretA, r.headers[WEBHOOK_HEADERS.timestamp] as string, r.headers[WEBHOOK_HEADERS.signature] as string, r.body.replace('call-up', 'hold'))).toBe(false);
    }
    expect(second.headers[WEBHOOK_HEADERS.id]).toBe(first.headers[WEBHOOK_HEADERS.id]);
    const message = JSON.parse(second.body);
    expect(message).toMatchObject({ id: first.headers[WEBHOOK_HEADERS.id], type: 'call-up', data: { tripId: trip.id, gate: 'KT', laneId: expect.stringMatching(/^KT-/) } });

    const log = async () => (await t.call('GET', '/v1/company/webhooks/deliveries', { token: await t.token('fleetadmin1') })).body.deliveries;
    await until('the delivery logged as delivered', async () => (await log()).some((d: any) => d.id === message.id && d.status === 'delivered'));
    expect((await log()).find((d: any) => d.id === message.id)).toMatchObject({ attempts: 2, lastStatus: 204, event: 'call-up', url: carrierA.url });
    // An endpoint that asked only for holds hears nothing of a call-up.
    expect(holdsOnly.got).toEqual([]);
  });

  it("never tell one company about another company's trucks", async () => {
    const mine = await callUp('driver2', '24C67890');
    await until('carrier B hears of its own truck', () => carrierB.got.some((r) => JSON.parse(r.body).data.tripId === mine.id));
    const aTrips = carrierA.got.map((r) => JSON.parse(r.body).data.tripId);
    expect(aTrips).not.toContain(mine.id);
    // Carrier B heard only of its own trucks, and company A's log holds nothing of B's.
    const bTrips = new Set(carrierB.got.map((r) => JSON.parse(r.body).data.tripId));
    expect([...bTrips]).toEqual([mine.id]);
    const logA = (await t.call('GET', '/v1/company/webhooks/deliveries', { token: await t.token('fleetadmin1') })).body.deliveries;
    expect(logA.every((d: any) => d.url !== carrierB.url)).toBe(true);
  });

  it('stop at once for a deleted endpoint, and look missing to another company', async () => {
    const token = await t.token('fleetadmin1');
    const list = (await t.call('GET', '/v1/company/webhooks', { token })).body.endpoints;
    const id = list.find((e: any) => e.url === carrierA.url).id;
    expect((await t.call('DELETE', `/v1/company/webhooks/${id}`, { token: await t.token('fleetadmin2') })).status).toBe(404);
    expect((await t.call('DELETE', `/v1/company/webhooks/${id}`, { token })).status).toBe(204);
    expect((await t.call('GET', '/v1/company/webhooks', { token })).body.endpoints.map((e: any) => e.id)).not.toContain(id);
  });
});
