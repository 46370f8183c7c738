/* eslint-disable @typescript-eslint/no-explicit-any -- answers in tests are arbitrary JSON */
/**
 * The route examples of the agency adapters' routes (contracts' routes/examples), run against a
 * platform with the adapters and a customs authority (http/route-examples.test.ts runs the others):
 * each gets its route's success status and an answer that fits its response schema.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES, routePath, type AnyRoute } from '@borderflow/contracts';
import { quarantineWebhookBody, startAgencyHarness, type AgencyHarness } from '../testing/agency-harness.ts';

let h: AgencyHarness;
beforeAll(async () => {
  h = await startAgencyHarness();
}, 120_000);
afterAll(() => h?.close());

async function send(route: AnyRoute, options: { token?: string; raw?: string; headers?: Record<string, string> } = {}): Promise<any> {
  const e = route.examples ?? {};
  const query = e.query ? `?${new URLSearchParams(Object.entries(e.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
  const r = await h.t.call(route.method.toUpperCase(), routePath(route, e.params) + query, {
    ...options,
    ...(options.raw === undefined && e.body !== undefined ? { body: e.body } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(route.status ?? 200);
  const parsed = route.response.safeParse(r.body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return r.body;
}

it('receiveAgencyDecisions: a signed quarantine decision for a registered trip is applied', async () => {
  const trip = await h.register();
  const key = String(trip.declarations[0]).slice(0, 11);
  const raw = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, status: 'inspection_required', channel: null, inspectionModes: ['quarantine'] }));
  const body = await send(ROUTES.receiveAgencyDecisions, { raw, headers: h.sign('quarantine', raw) });
  expect(body.results[0].outcome).toBe('applied');
}, 60_000);

it('pollAgency, listDeadLetters, redriveDeadLetters and agencyHealth answer as their examples show', async () => {
  await send(ROUTES.pollAgency, { token: h.operator });
  await send(ROUTES.listDeadLetters, { token: h.operator });
  // The example's message id is no dead letter here: it comes back under notFound, nothing is sent.
  expect((await send(ROUTES.redriveDeadLetters, { token: h.operator })).notFound).toHaveLength(1);
  await send(ROUTES.agencyHealth, { token: h.operator });
}, 60_000);
