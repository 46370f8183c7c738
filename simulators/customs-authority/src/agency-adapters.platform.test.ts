/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The agency adapters end to end against the customs-authority simulator, real
 * Redis and a real database (one platform for the file: starting one is the
 * slow part).
 *   - Each adapter's round trip: the movement notice goes out in the adapter's
 *     format, the authority's decision comes back signed and changes the trip's
 *     stages, the truck visits its lanes, the authority receives the gate events in order.
 *   - What a decision does to a truck already moving (lane first, holds).
 *   - What the inbound endpoint refuses, and that a refusal changes nothing:
 *     duplicates, older amendments, another agency's voice, bad signatures,
 *     replays and stale requests.
 *   - The operator's side: health, dead letters and their re-drive.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarationKey, formatVnDateTime } from '@borderflow/contracts';
// The API's test harness; this test lives here, beside the simulator, because it steers the
// authority from inside (decisions, refusals, what it received) and the API may not import it.
import { AGENCY_ADAPTERS, quarantineWebhookBody, QUARANTINE_KEY, startAgencyHarness, until, type AdapterName, type AgencyHarness } from '@borderflow/api/src/testing/agency-harness.ts';
import { uniquePlate } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { MOVEMENT_NOTICE_TOPIC, cancelNoticeId } from '@borderflow/api/src/agency/notify-agencies.ts';
import { enqueueOutbox } from '@borderflow/persist';
import { startCustomsAuthority, type CustomsAuthority } from './authority-server.ts';

let h: AgencyHarness<CustomsAuthority>;
beforeAll(async () => {
  h = await startAgencyHarness(startCustomsAuthority);
});
afterAll(() => h?.close());

const STAGE_EVENTS = ['lane_assigned', 'inspection_started', 'inspection_done'];
const eventsOf = (profile: string, tripId: string) =>
  h.authority.received.trip(tripId, profile).filter((m) => m.kind === 'gate_event').map((m) => m.type);

describe.each<[AdapterName, string[]]>([
  ['vn-customs', ['documents', 'xray', 'gate']],
  ['wco-customs', ['documents', 'xray', 'gate']],
  ['quarantine', ['documents', 'quarantine', 'gate']],
])('adapter %s', (adapter, route) => {
  it('notice → decision → stages changed → lane visits → gate events at the authority', async () => {
    const { profile } = AGENCY_ADAPTERS[adapter];
    const customs = AGENCY_ADAPTERS[adapter].agency === 'customs';
    if (customs) h.authority.setDeciding(profile, true);
    try {
      const trip = await h.register();
      const key = declarationKey(trip.declarations[0]);
      await until('the notice at the authority', () => h.authority.received.trip(trip.id, profile).some((m) => m.kind === 'movement_notice'));
      const notice = h.authority.received.trip(trip.id, profile)[0]!.envelope as any;
      expect(notice.payload).toMatchObject({ tripId: trip.id, purpose: 'original', vehicle: { plate: trip.vehicle.plate } });
      expect(notice.payload.declarations[0].number).toBe(trip.declarations[0]);
      // Customs decides by itself (100 % red here); quarantine is played by the test: an inspection of this cargo.
      if (!customs) {
        await h.authority.sendDecision(profile, h.decision({ agency: 'quarantine', declarationKey: key, status: 'inspection_required', channel: null, inspectionModes: ['quarantine'] }));
      }
      await until('the decision applied', async () => JSON.stringify((await h.trip(trip.id)).stages) === JSON.stringify(route));
      const answered = () => h.authority.sender(profile).results.filter((r) => r.declarationKey === key);
      await until('the authority to get the answer', () => answered().length > 0);
      const [result] = answered();
      expect(result).toMatchObject({ status: 200 });
      expect(JSON.parse(result!.body).results[0]).toMatchObject({ outcome: 'applied' });

      const crossed = await h.drive(trip.id, trip.vehicle.plate);
      expect(crossed).toMatchObject({ state: 'crossed', stages: route });
      const expected = ['gate_in', ...route.flatMap(() => STAGE_EVENTS), 'gate_out'];
      await until('every gate event at the authority', () => eventsOf(profile, trip.id).length === expected.length);
      expect(eventsOf(profile, trip.id)).toEqual(expected);
      const done = h.authority.received.trip(trip.id, profile).filter((m) => m.type === 'inspection_done');
      expect(done.map((m) => (m.envelope as any).payload.stage)).toEqual(route);
    } finally {
      h.authority.setDeciding(profile, false);
    }
  });
});

describe('movement notices through the database outbox', () => {
  it('sends a notice committed by a process that died before it could send anything', async () => {
    const trip = await h.register();
    await until('the original notice', () => h.authority.received.trip(trip.id, 'vnaccs').some((m) => m.kind === 'movement_notice'));
    await until('the outbox emptied', async () => (await h.t.db.prisma.outboxMessage.count({ where: { key: trip.id } })) === 0);
    // What the correction route commits, and nothing after it: the request's process is gone.
    await h.t.db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: MOVEMENT_NOTICE_TOPIC, key: trip.id, payload: { tripId: trip.id, purpose: 'replace' } }));
    const notices = () => h.authority.received.trip(trip.id, 'vnaccs').filter((m) => m.kind === 'movement_notice');
    await until('the replacement notice', () => notices().length === 2);
    expect((notices()[1]!.envelope as any).payload).toMatchObject({ tripId: trip.id, purpose: 'replace' });
    await until('the outbox emptied again', async () => (await h.t.db.prisma.outboxMessage.count({ where: { key: trip.id } })) === 0);
  });
  it('writes the cancel notice with the cancel; a relay killed after sending it sends it again, and customs counts it once', async () => {
    const trip = await h.register();
    await h.drive(trip.id, trip.vehicle.plate, 'called');
    const cancel = await h.t.call('POST', `/v1/trips/${trip.id}/cancel`, { token: h.operator, body: { commandId: randomUUID(), reason: 'truck broke down in the yard' } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const cancels = () => h.authority.received.trip(trip.id, 'vnaccs').filter((m) => m.kind === 'movement_notice' && m.type === 'cancel');
    await until('the cancel notice at customs', () => cancels().length === 1);
    await until('the outbox emptied', async () => (await h.t.db.prisma.outboxMessage.count({ where: { key: trip.id } })) === 0);

    // The relay sent it, then was killed before its delete committed: the row is back as it was.
    await h.t.db.prisma.$transaction((tx) =>
      enqueueOutbox(tx, { id: cancelNoticeId(trip.id), topic: MOVEMENT_NOTICE_TOPIC, key: trip.id, payload: { tripId: trip.id, purpose: 'cancel' } }));
    await until('the outbox emptied again', async () => (await h.t.db.prisma.outboxMessage.count({ where: { key: trip.id } })) === 0);
    // A retried cancel (the client did not see the answer) writes the same notice once more.
    const again = await h.t.call('POST', `/v1/trips/${trip.id}/cancel`, { token: h.operator, body: { commandId: randomUUID(), reason: 'retry' } });
    expect(again.status).toBe(200);
    await until('the outbox emptied a third time', async () => (await h.t.db.prisma.outboxMessage.count({ where: { key: trip.id } })) === 0);
    expect(cancels()).toHaveLength(1);
    expect((cancels()[0]!.envelope as any).payload).toMatchObject({ tripId: trip.id, purpose: 'cancel' });
  });

  it('cancels a registered trip and its notice in one transaction', async () => {
    const trip = await h.register();
    const cancel = await h.t.call('POST', `/v1/trips/${trip.id}/cancel`, { token: h.driver, body: { commandId: randomUUID() } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await until('the cancel notice at customs', () =>
      h.authority.received.trip(trip.id, 'vnaccs').some((m) => m.kind === 'movement_notice' && m.type === 'cancel'));
  });
});

describe('VNACCS polling mode', () => {
  it('fetches decisions since its cursor; those that came by callback too are applied once', async () => {
    const poll = await h.t.call('POST', '/v1/agencies/vn-customs/poll', { token: h.operator });
    expect(poll.status, JSON.stringify(poll.body)).toBe(200);
    expect(poll.body.decisions).toBeGreaterThanOrEqual(1);
    const again = await h.t.call('POST', '/v1/agencies/vn-customs/poll', { token: h.operator });
    expect(again.body.decisions).toBe(0); // the cursor moved past them
    const health = await h.t.call('GET', '/v1/agencies/health', { token: h.operator });
    const vn = health.body.adapters.find((a: any) => a.adapter === 'vn-customs');
    expect(vn.inbound.duplicates).toBeGreaterThanOrEqual(poll.body.decisions);
    expect(vn.polling).toMatchObject({ cursor: String(h.authority.sender('vnaccs').pollLog.length), lastError: null });
  });
});

describe('a decision reaching a truck that is already moving', () => {
  it('lets a truck in a lane finish its current stage before the new channel changes the rest', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    await h.drive(trip.id, trip.vehicle.plate, 'called');
    const before = await h.trip(trip.id);
    expect(before).toMatchObject({ stages: ['documents', 'gate'], stageIndex: 0 });

    await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: key }));
    const during = await h.trip(trip.id);
    expect(during).toMatchObject({ state: 'called', laneId: before.laneId, stageIndex: 0, stages: ['documents', 'xray', 'gate'] });
    const crossed = await h.work(trip.id);
    expect(crossed.state).toBe('crossed');
    await until('its gate events', () => eventsOf('vnaccs', trip.id).at(-1) === 'gate_out');
    const lanes = h.authority.received.trip(trip.id, 'vnaccs').filter((m) => m.type === 'lane_assigned').map((m) => (m.envelope as any).payload);
    expect(lanes.map((l: any) => l.stage)).toEqual(['documents', 'xray', 'gate']);
    expect(lanes[0].laneId).toBe(before.laneId);
  });

  it('keeps a held truck out of the exit queue until every agency has released it', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const hold = (agency: 'customs' | 'quarantine', action: 'place' | 'release', holdId: string) =>
      h.decision({ agency, declarationKey: key, status: action === 'place' ? 'inspection_required' : 'released', channel: null, inspectionModes: [], holds: [{ action, holdId, reason: `${agency} ${action}` }] });
    await h.authority.sendDecision('quarantine', hold('quarantine', 'place', 'q-1')); // before arrival: recorded
    const held = await h.drive(trip.id, trip.vehicle.plate, 'held');
    expect(held.stages).toEqual(['documents', 'gate']);
    await h.authority.sendDecision('vnaccs', hold('customs', 'place', 'c-1'));

    const first = await h.authority.sendDecision('quarantine', hold('quarantine', 'release', 'q-1'));
    const answer = h.authority.sender('quarantine').results.find((r) => r.messageId === first.messageId)!;
    expect(JSON.parse(answer.body).results[0].trips[0].hold).toBe('still_held');
    expect((await h.trip(trip.id)).state).toBe('held');

    await h.authority.sendDecision('vnaccs', hold('customs', 'release', 'c-1'));
    await until('the truck to cross', async () => (await h.trip(trip.id)).state === 'crossed');
  });
});



const post = (body: string, headers: Record<string, string>) =>
  h.t.call('POST', '/v1/agencies/quarantine/decisions', { raw: body, headers });

async function decisionsFor(key: string) {
  return h.t.db.prisma.agencyDecision.count({ where: { declarationKey: key } });
}

describe('inbound decisions', () => {
  it('applies a message once however often it is delivered', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const envelope = await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: key }), { duplicate: true });
    const answers = h.authority.sender('vnaccs').results.filter((r) => r.messageId === envelope.messageId);
    expect(answers.map((a) => [a.status, JSON.parse(a.body).results[0].outcome])).toEqual([[200, 'applied'], [200, 'duplicate']]);
    expect(await h.t.db.prisma.agencyDecision.count({ where: { messageId: envelope.messageId } })).toBe(1);
    expect(await decisionsFor(key)).toBe(1);
  });

  it('refuses an older amendment, and an older decision of the same amendment does not override a newer one', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const now = Date.now();
    await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: key, amendment: 2 }));
    const older = await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: key, amendment: 1, channel: { code: '1', color: 'green' }, inspectionModes: [] }));
    const answer = h.authority.sender('vnaccs').results.find((r) => r.messageId === older.messageId)!;
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body).results[0]).toMatchObject({ outcome: 'stale' });
    expect((await h.trip(trip.id)).stages).toEqual(['documents', 'xray', 'gate']);

    // Same amendment, delivered out of order: the later decision (green) first, then the earlier one (red).
    const other = await h.register();
    const k2 = declarationKey(other.declarations[0]);
    await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: k2, channel: { code: '1', color: 'green' }, inspectionModes: [], decidedAt: formatVnDateTime(now + 60_000) }));
    await h.authority.sendDecision('vnaccs', h.decision({ declarationKey: k2, decidedAt: formatVnDateTime(now) }));
    expect(await h.trip(other.id)).toMatchObject({ channel: 'green', stages: ['gate'] });
  });

  it('refuses a message claiming another agency, or a decision its agency may not make (issue 10)', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    // The quarantine adapter's own key signs it, but it speaks as customs and lowers the channel.
    const asCustoms = quarantineWebhookBody(h.decision({ agency: 'customs', declarationKey: key, channel: { code: '1', color: 'green' }, inspectionModes: [] }));
    // (The adapter's inbound check refuses it before it reaches the decisions; applyDecisionEnvelopes checks again.)
    const impersonation = await post(asCustoms, h.sign('quarantine', asCustoms));
    expect(impersonation.status, JSON.stringify(impersonation.body)).toBe(400);
    expect(impersonation.body.error.message).toContain('speaks for quarantine, not customs');
    // As itself, quarantine still may not set a customs channel.
    const channel = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, channel: { code: '1', color: 'green' }, inspectionModes: [] }));
    const overreach = await post(channel, h.sign('quarantine', channel));
    expect(overreach.status, JSON.stringify(overreach.body)).toBe(403);
    expect(overreach.body.results[0].message).toContain('only customs');
    expect(await decisionsFor(key)).toBe(0);
    expect(await h.trip(trip.id)).toMatchObject({ channel: null, stages: ['documents', 'gate'] });
  });

  it('refuses bad signatures before reading the body, and applies nothing', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const body = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, status: 'inspection_required', channel: null, inspectionModes: ['quarantine'] }));
    const stranger = { id: QUARANTINE_KEY.id, secret: Buffer.from('not-the-shared-secret-at-all'), notAfter: null };
    const refused = [
      await post(body, h.sign('quarantine', body, { key: stranger })),
      await post(`${body} `, h.sign('quarantine', body)), // body changed after signing
      await post(body, { 'content-type': 'application/json' }), // unsigned
      await post(body, h.sign('quarantine', body, { key: { ...stranger, id: 'unknown-key' } })),
      // Not even JSON: refused as unauthenticated, not as malformed, because nothing is parsed before the signature.
      await post('{"oops', h.sign('quarantine', '{"oops', { key: stranger })),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(refused.every((r) => r.body.error.code === 'UNAUTHENTICATED')).toBe(true);
    expect(await decisionsFor(key)).toBe(0);
    expect((await h.trip(trip.id)).stages).toEqual(['documents', 'gate']);
    // A properly signed body that is not a decision is a 400 naming the body.
    const garbage = await post('{"oops', h.sign('quarantine', '{"oops'));
    expect(garbage.status).toBe(400);
  });

  it('rejects a replayed request and a stale one', async () => {
    const trip = await h.register();
    const key = declarationKey(trip.declarations[0]);
    const body = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, status: 'inspection_required', channel: null, inspectionModes: ['quarantine'] }));
    const headers = h.sign('quarantine', body);
    const first = await post(body, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const replay = await post(body, headers);
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toMatch(/replay/);

    const late = quarantineWebhookBody(h.decision({ agency: 'quarantine', declarationKey: key, status: 'released', channel: null, inspectionModes: [] }));
    const stale = await post(late, h.sign('quarantine', late, { at: Date.now() - 6 * 60_000 }));
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toMatch(/replay window/);
    expect(await decisionsFor(key)).toBe(1);
    expect((await h.trip(trip.id)).stages).toEqual(['documents', 'quarantine', 'gate']);
  });
});

describe('operators', () => {
  it('see each adapter\'s health, and re-drive a dead letter', async () => {
    const driverHealth = await h.t.call('GET', '/v1/agencies/health', { token: h.driver });
    expect(driverHealth.status).toBe(403);

    const plate = uniquePlate();
    h.authority.refuse({ plates: [plate] });
    const trip = await h.register({ direction: 'entry', vehicle: { plate } });
    await until('the refused notice dead-lettered', async () => {
      const r = await h.t.call('GET', '/v1/agencies/wco-customs/dead-letters', { token: h.operator });
      return r.body.total === 1;
    });
    const list = await h.t.call('GET', '/v1/agencies/wco-customs/dead-letters', { token: h.operator });
    expect(list.body.deadLetters[0]).toMatchObject({ tripId: trip.id, kind: 'movement_notice', attempts: 1, redriven: 0 });
    expect(list.body.deadLetters[0].error).toMatch(/HTTP 422/);
    const manager = await h.t.call('GET', '/v1/agencies/health', { token: await h.t.token('manager1') });
    expect(manager.status).toBe(200);
    const wco = manager.body.adapters.find((a: any) => a.adapter === 'wco-customs');
    expect(wco).toMatchObject({ kind: 'edifact', status: 'degraded', deadLetters: 1, blockedTrips: 1, breaker: { state: 'closed' } });

    expect((await h.t.call('POST', '/v1/agencies/wco-customs/dead-letters/redrive', { token: h.driver, body: {} })).status).toBe(403);
    h.authority.refuse(null);
    const redrive = await h.t.call('POST', '/v1/agencies/wco-customs/dead-letters/redrive', { token: h.operator, body: {} });
    expect(redrive.body).toEqual({ redriven: [list.body.deadLetters[0].messageId], notFound: [] });
    await until('the notice at the authority', () => h.authority.received.trip(trip.id, 'edifact').length === 1);
    const after = await h.t.call('GET', '/v1/agencies/health', { token: h.operator });
    const healed = after.body.adapters.find((a: any) => a.adapter === 'wco-customs');
    expect(healed).toMatchObject({ deadLetters: 0, blockedTrips: 0, status: 'ok' });
    expect(healed.lastSuccessAt).not.toBeNull();
    expect((await h.t.call('GET', '/v1/agencies/nowhere/dead-letters', { token: h.operator })).status).toBe(404);
  });
});
