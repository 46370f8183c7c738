/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * POST /v1/company/webhooks/{endpointId}/test: the company administrator's ping goes through the
 * real delivery (signed with the endpoint's secret, logged under the answered id); a member who is
 * not the administrator is refused, another company's endpoint looks missing, and a flood is cut.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, ZWebhookMessageSchema } from '@borderflow/contracts';
import type { TestApi } from '../testing/test-api.ts';
import { startWebhookTestApi, webhookReceiver, type WebhookReceiver } from '../testing/webhook-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import { verifyWebhook } from './webhook-signature.ts';

let t: TestApi;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await webhookReceiver();
  t = await startWebhookTestApi();
}, 120_000);
afterAll(async () => {
  await t?.close();
  receiver?.server.close();
});

it('sends a signed ping to the endpoint through the delivery log, for the administrator only, a few a minute', async () => {
  const admin = await t.token('fleetadmin1');
  const created = await t.call('POST', '/v1/company/webhooks', { token: admin, body: { url: receiver.url, events: ['call-up'] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id, secret } = created.body as { id: string; secret: string };

  const sent = await t.call('POST', `/v1/company/webhooks/${id}/test`, { token: admin });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  const deliveryId = sent.body.deliveryId as string;

  await until('the ping', () => receiver.got.length > 0, 20_000);
  const ping = receiver.got[0]!;
  expect(ping.headers[WEBHOOK_HEADERS.id]).toBe(deliveryId);
  expect(ping.headers[WEBHOOK_HEADERS.event]).toBe('ping');
  expect(verifyWebhook(secret, String(ping.headers[WEBHOOK_HEADERS.timestamp]), String(ping.headers[WEBHOOK_HEADERS.signature]), ping.body)).toBe(true);
  expect(ZWebhookMessageSchema.parse(JSON.parse(ping.body))).toMatchObject({ id: deliveryId, type: 'ping' });
  await expect
    .poll(async () => (await t.call('GET', '/v1/company/webhooks/deliveries', { token: admin })).body.deliveries.find((d: any) => d.id === deliveryId)?.status, { timeout: 20_000 })
    .toBe('delivered');

  // A member of the company who is not its administrator; another company's administrator.
  expect((await t.call('POST', `/v1/company/webhooks/${id}/test`, { token: await t.token('driver1') })).status).toBe(403);
  expect((await t.call('POST', `/v1/company/webhooks/${id}/test`, { token: await t.token('fleetadmin2') })).status).toBe(404);

  // Five a minute per account: the sixth is refused before anything is sent.
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await t.call('POST', `/v1/company/webhooks/${id}/test`, { token: admin })).status);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
}, 120_000);
