/**
 * Issue 10, "identity comes from the principal": against the real server, an
 * agency account decides only as its own agency and only what the agency power
 * table lets it; lowering a red channel needs a reason; channel changes and
 * holds land in the audit log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { declarationKey } from '@borderflow/contracts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

const t = useTestApi();
let driver: string, customs: string, quarantine: string;
beforeAll(async () => {
  [driver, customs, quarantine] = await t.tokens('driver1', 'customs1', 'quarantine1');
});

const decide = (token: string, body: Record<string, unknown>) => t.call('POST', '/v1/internal/agency-decisions', { token, body });

async function registered(): Promise<{ id: string; number: string; key: string }> {
  const req = tripRequest();
  const r = await t.call('POST', '/v1/trips', { token: driver, body: req });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, number: req.declarations![0]!, key: declarationKey(req.declarations![0]!) };
}

const decisions = (key: string) => t.db.prisma.agencyDecision.count({ where: { declarationKey: key } });
const audit = (key: string) => t.db.prisma.auditEntry.findMany({ where: { targetId: key }, orderBy: { id: 'asc' } });

describe('POST /v1/internal/agency-decisions as the caller\'s agency', () => {
  it('refuses a body naming another agency (403 on agency) and records nothing', async () => {
    const trip = await registered();
    const asFarSide = await decide(customs, { declarationNumber: trip.number, agency: 'far_side', hold: { action: 'place', reason: 'no entry' } });
    expect(asFarSide.status, JSON.stringify(asFarSide.body)).toBe(403);
    expect(asFarSide.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'agency' });
    const asQuarantine = await decide(customs, { declarationNumber: trip.number, agency: 'quarantine', inspectionModes: ['quarantine'] });
    expect(asQuarantine.status).toBe(403);
    expect(await decisions(trip.key)).toBe(0);

    // Its own agency, named or not, is fine; the decision is stored as that agency.
    const own = await decide(quarantine, { declarationNumber: trip.number, agency: 'quarantine', inspectionModes: ['quarantine'] });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.trips[0].stages).toEqual(['documents', 'quarantine', 'gate']);
    const stored = await t.db.prisma.agencyDecision.findMany({ where: { declarationKey: trip.key } });
    expect(stored.map((d) => d.agency)).toEqual(['quarantine']);
  });

  it('does not let quarantine set or override a customs channel (403 on channelCode)', async () => {
    const trip = await registered();
    expect((await decide(customs, { declarationNumber: trip.number, channelCode: '3', inspectionModes: ['xray'] })).status).toBe(201);
    const override = await decide(quarantine, { declarationNumber: trip.number, channelCode: '1' });
    expect(override.status, JSON.stringify(override.body)).toBe(403);
    expect(override.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'channelCode' });
    expect(override.body.error.message).toContain('only customs');
    const xray = await decide(quarantine, { declarationNumber: trip.number, inspectionModes: ['xray'] });
    expect(xray.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'inspectionModes' });
    const view = await t.call('GET', `/v1/trips/${trip.id}`, { token: driver });
    expect(view.body).toMatchObject({ channel: 'red', stages: ['documents', 'xray', 'gate'] });
  });

  it('needs a reason to lower a red channel, and audits it as channel.lower', async () => {
    const trip = await registered();
    expect((await decide(customs, { declarationNumber: trip.number, channelCode: '3', inspectionModes: ['xray'] })).status).toBe(201);
    const silent = await decide(customs, { declarationNumber: trip.number, channelCode: '1' });
    expect(silent.status, JSON.stringify(silent.body)).toBe(400);
    expect(silent.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    expect((await t.call('GET', `/v1/trips/${trip.id}`, { token: driver })).body.channel).toBe('red');

    const lowered = await decide(customs, { declarationNumber: trip.number, channelCode: '1', reason: 'X-ray image reviewed remotely' });
    expect(lowered.status, JSON.stringify(lowered.body)).toBe(201);
    expect(lowered.body.trips[0]).toMatchObject({ tripId: trip.id, stages: ['gate'] });
    const entries = await audit(trip.key);
    expect(entries.map((e) => e.action)).toEqual(['channel.set', 'channel.lower']);
    expect(entries[1]).toMatchObject({ actorName: 'customs1', actorRole: 'agency', reason: 'X-ray image reviewed remotely', targetType: 'declaration' });
    expect(entries[1]!.detail).toMatchObject({ agency: 'customs', from: 'red', to: 'green', tripIds: [trip.id] });
  });

  it('audits holds placed and released', async () => {
    const trip = await registered();
    await decide(quarantine, { declarationNumber: trip.number, hold: { action: 'place', reason: 'sampling' } });
    await decide(quarantine, { declarationNumber: trip.number, hold: { action: 'release', reason: 'samples clean' } });
    const entries = await audit(trip.key);
    expect(entries.map((e) => [e.action, e.actorName, e.reason])).toEqual([
      ['hold.place', 'quarantine1', 'sampling'],
      ['hold.release', 'quarantine1', 'samples clean'],
    ]);
  });
});
