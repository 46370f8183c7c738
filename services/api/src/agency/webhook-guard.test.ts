/**
 * The agencies' decisions endpoint against a hostile sender: the signature
 * headers are checked before the body is read (before: a 2 MB unsigned body
 * was buffered up to the limit and got 413), and the replay guard is one
 * atomic SET NX PX (before: EXISTS, then SET after applying, so copies sent
 * at once all passed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarationKey } from '@borderflow/contracts';
import { quarantineWebhookBody, startAgencyHarness, type AgencyHarness } from '../testing/agency-harness.ts';

let h: AgencyHarness;
beforeAll(async () => {
  h = await startAgencyHarness();
});
afterAll(() => h?.close());

const PATH = '/v1/agencies/quarantine/decisions';


describe('agency webhook', () => {
  it('refuses an unsigned or wrongly keyed body over the size limit with 401, not 413', async () => {
    const big = `{"padding":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    const unsigned = await h.t.call('POST', PATH, { raw: big, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('UNAUTHENTICATED');
    const unknownKey = await h.t.call('POST', PATH, {
      raw: big,
      headers: { 'content-type': 'application/json', 'x-borderflow-key-id': 'nobody', 'x-borderflow-timestamp': String(Date.now()), 'x-borderflow-signature': 'v1=00' },
    });
    expect(unknownKey.status).toBe(401);
    // A correctly keyed sender still meets the size limit.
    const signedBig = await h.t.call('POST', PATH, { raw: big, headers: h.sign('quarantine', big) });
    expect(signedBig.status).toBe(413);
  });

  it('lets exactly one of many copies of a signed request through when they arrive at once', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const body = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, status: 'inspection_required', channel: null, inspectionModes: ['quarantine'] }));
    const headers = h.sign('quarantine', body);
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.t.call('POST', PATH, { raw: body, headers })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, JSON.stringify(answers.map((a) => a.body))).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.message).toMatch(/replay/);
    expect(await h.t.db.prisma.agencyDecision.count({ where: { declarationKey: key } })).toBe(1);
  });

  it('drops the claim of a signed request it could not use, so the sender may correct and resend', async () => {
    const garbage = '{"oops';
    const headers = h.sign('quarantine', garbage);
    expect((await h.t.call('POST', PATH, { raw: garbage, headers })).status).toBe(400);
    // The same signed bytes again: still the body's fault (400), not a "replay" (409).
    expect((await h.t.call('POST', PATH, { raw: garbage, headers })).status).toBe(400);
  });
});
