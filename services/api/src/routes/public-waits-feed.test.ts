/**
 * The public feed's format, pinned: the CBP Border Wait Times-like fields a driver's app or a
 * national map reads (port hours and status, advisories, per direction its status, lanes open and
 * the wait per class in minutes), `updatedAt` = the last measurement, Lạng Sơn's band; and the
 * OpenAPI document carries an example that the schema accepts. Against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_WAITS_EXAMPLE, ZPublicWaitsResponseSchema } from '@borderflow/contracts';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { congestionBand, readPublicWaits } from './public-waits.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

const GATE_KEYS = ['advisories', 'congestionBand', 'directions', 'gate', 'hours', 'name', 'portStatus', 'updatedAt'];
const DIRECTION_KEYS = [
  'basis', 'called', 'direction', 'downstreamCapPerHour', 'exitQueueLength', 'held', 'lanesOpen', 'lanesTotal', 'liveWaitMs',
  'operationalStatus', 'queueLength', 'recentWaitMs', 'updatedAt', 'waitMinByClass', 'waitMs',
];

describe('the public feed format', () => {
  it('says the port is restricted, why, until when, and dates the figures by the last measurement', async () => {
    const kt = t.platform.schedulers.get('KT')!;
    const reopensAt = Date.UTC(2030, 0, 1, 1, 0, 0);
    const paused = await kt.setLaneStatus({ laneId: 'KT-N1', status: 'paused', reason: 'X-ray calibration', reopensAt, actor: 'user:op1' });
    expect(paused.ok).toBe(true);
    const ctx = testApiContext(t);
    // The reason is read from the stored event, once the persist consumer has it.
    await expect.poll(async () => (await readPublicWaits(ctx, Date.now())).gates[0]?.advisories[0]?.reason, { timeout: 10_000 }).toBe('X-ray calibration');
    const last = await t.platform.db.prisma.gateEvent.findFirst({ where: { gateCode: 'KT' }, orderBy: { seq: 'desc' }, select: { at: true } });

    const res = await t.call('GET', '/v1/public/waits'); // no token
    expect(res.status).toBe(200);
    const feed = ZPublicWaitsResponseSchema.parse(res.body);
    const gate = res.body.gates.find((g: { gate: string }) => g.gate === 'KT');
    expect(Object.keys(gate).sort()).toEqual(GATE_KEYS);
    for (const d of gate.directions) {
      expect(Object.keys(d).sort()).toEqual(DIRECTION_KEYS);
      expect(Object.keys(d.waitMinByClass).sort()).toEqual(['empty_return', 'ordinary', 'perishable', 'trusted', 'walk_in']);
      for (const w of Object.values(d.waitMinByClass)) expect(Object.keys(w as object).sort()).toEqual(['basis', 'expectedMin', 'highMin', 'lowMin']);
    }
    expect(gate).toMatchObject({
      portStatus: 'restricted',
      hours: { timeZone: 'Asia/Ho_Chi_Minh', nextOpensAt: null },
      congestionBand: 'under_500',
      advisories: [{ laneId: 'KT-N1', status: 'paused', reason: 'X-ray calibration', reopensAt: new Date(reopensAt).toISOString() }],
    });
    const entry = gate.directions.find((d: { direction: string }) => d.direction === 'entry');
    expect(entry).toMatchObject({ operationalStatus: 'restricted', lanesOpen: 2, lanesTotal: 3 });
    expect(gate.directions.find((d: { direction: string }) => d.direction === 'exit')).toMatchObject({ operationalStatus: 'open' });
    // The time of the last measurement, not of the response.
    expect(gate.updatedAt).toBe(last!.at.toISOString());
    expect(entry.updatedAt).toBe(last!.at.toISOString());
    expect(feed.generatedAt).not.toBe(gate.updatedAt);
  });

  it('is documented in OpenAPI without auth, with an example the schema accepts', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const op = doc.paths['/v1/public/waits'].get;
    expect(op.security ?? []).toEqual([]);
    const schema = op.responses['200'].content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)] : schema;
    expect(JSON.stringify(resolved)).toContain('"examples"');
    expect(ZPublicWaitsResponseSchema.parse(PUBLIC_WAITS_EXAMPLE)).toEqual(PUBLIC_WAITS_EXAMPLE);
  });

  it('bands the trucks waiting as Lạng Sơn does', () => {
    expect([0, 499, 500, 999, 1000, 5000, 5001].map(congestionBand)).toEqual([
      'under_500', 'under_500', '500_to_1000', '500_to_1000', '1000_to_5000', '1000_to_5000', 'over_5000',
    ]);
  });
});
