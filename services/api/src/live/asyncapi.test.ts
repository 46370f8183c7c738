/* eslint-disable @typescript-eslint/no-explicit-any -- messages and documents in tests are arbitrary JSON */
/**
 * /asyncapi.json describes what /live really sends: a real Socket.IO client follows the gate and a
 * trip while trucks move, resyncs, and sends bad and forbidden subscriptions; every message and ack
 * it receives is validated (ajv) against the payload schema of its message in the served document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { GATE_EVENT_TYPES } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';

let t: TestApi;
let doc: any;
let ajv: Ajv;

/** Validates a payload against the document's message `id`; returns the errors (empty: valid). */
function check(id: string, payload: unknown): string[] {
  const validate = ajv.getSchema(`asyncapi#/components/messages/${id}/payload`);
  if (!validate) throw new Error(`no message ${id} in /asyncapi.json`);
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${id}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

beforeAll(async () => {
  t = await startTestApi();
  doc = (await t.call('GET', '/asyncapi.json')).body;
  ajv = new Ajv({ strict: false, allErrors: true });
  // The whole document as one schema resource, so `#/components/schemas/…` references resolve.
  ajv.addSchema(doc, 'asyncapi');
}, 120_000);
afterAll(() => t?.close());

describe('/asyncapi.json', () => {
  it('is an AsyncAPI 3.0 document of /live with every gate event type and the commands', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.live.address).toBe('/live');
    for (const type of GATE_EVENT_TYPES) expect(doc.components.schemas[`GateEvent_${type}`], type).toBeDefined();
    expect(Object.keys(doc.operations)).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe', 'resync', 'receiveSnapshot', 'receiveDelta', 'receiveFeed', 'receiveFeedSnapshot']));
    expect(doc.operations.subscribe.reply.messages[0].$ref).toBe('#/channels/live/messages/ack');
  });

  it('describes every message a real client receives: snapshots, deltas, positions and acks, good and bad', async () => {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    const times: unknown[] = [];
    const socket = await t.socket(await t.token('operator1'));
    for (const [event, id] of [['snapshot', 'snapshot'], ['delta', 'delta'], ['position', 'position']] as const) {
      socket.on(event, (payload: any) => {
        seen.set(id, (seen.get(id) ?? 0) + 1);
        times.push(payload.at ?? payload.event?.at);
        problems.push(...check(id, payload));
      });
    }
    const ack = async (command: string, body: unknown) => {
      const a = await socket.emitWithAck(command, body);
      problems.push(...check('ack', a));
      return a;
    };

    expect((await ack('subscribe', { gate: 'KT' })).ok).toBe(true);
    // Trucks move: registered, checked in, called, at the lane, inspected, cleared; a lane pauses.
    const operator = await t.token('operator1');
    const request = tripRequest({ direction: 'entry' });
    const trip = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
    const driverSocket = await t.socket(await t.token('driver1'));
    driverSocket.on('snapshot', (p: unknown) => problems.push(...check('snapshot', p)));
    driverSocket.on('position', (p: unknown) => problems.push(...check('position', p)));
    const tripAck = await driverSocket.emitWithAck('subscribe', { tripId: trip.body.id });
    problems.push(...check('ack', tripAck));
    expect(tripAck.ok).toBe(true);
    const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: request.vehicle.plate } });
    const lane = checkIn.body.trip.laneId;
    for (const step of ['arrive', 'start']) await t.call('POST', `/v1/gates/KT/lanes/${lane}/${step}`, { token: operator, body: { tripId: trip.body.id } });
    await t.call('POST', `/v1/gates/KT/lanes/${lane}/complete`, { token: operator, body: { tripId: trip.body.id, outcome: 'cleared' } });
    await t.call('POST', '/v1/gates/KT/lanes/KT-X2/pause', { token: operator, body: { reason: 'asyncapi test' } });
    await expect.poll(() => seen.get('delta') ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);

    expect((await ack('resync', { gate: 'KT' })).ok).toBe(true);
    // Errors are acks too: a bad subscription names the field, a forbidden one says so.
    expect(await ack('subscribe', { gate: 'KT', tripId: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const forbidden = await driverSocket.emitWithAck('subscribe', { gate: 'KT' });
    problems.push(...check('ack', forbidden));
    expect(forbidden).toMatchObject({ ok: false });
    expect((await ack('unsubscribe', { gate: 'KT' })).ok).toBe(true);

    await expect.poll(() => seen.get('snapshot') ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
    // Issue 13: no epoch milliseconds on /live; every message's time is the gate's clock with its offset.
    expect(times.length).toBeGreaterThanOrEqual(8);
    for (const at of times) expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  });

  it("describes the company feed a company's administrator receives: its snapshot, events and positions", async () => {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    const socket = await t.socket(await t.token('fleetadmin1'));
    for (const [event, id] of [['feed_snapshot', 'feedSnapshot'], ['feed', 'feed']] as const) {
      socket.on(event, (payload: any) => {
        seen.set(`${id}:${payload.kind ?? ''}`, (seen.get(`${id}:${payload.kind ?? ''}`) ?? 0) + 1);
        problems.push(...check(id, payload));
      });
    }
    const ack = await socket.emitWithAck('subscribe', { company: true });
    problems.push(...check('ack', ack));
    const operator = await t.token('operator1');
    // Both exit lanes paused: the trucks wait, so their places and ETAs are pushed too.
    for (const lane of ['KT-X1', 'KT-X2']) await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'asyncapi feed' } });
    for (let i = 0; i < 2; i++) {
      const request = tripRequest();
      await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: request });
      await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: request.vehicle.plate } });
    }
    await expect.poll(() => seen.get('feed:position') ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(seen.get('feed:event')).toBeGreaterThan(0);
    expect(seen.get('feedSnapshot:')).toBe(1);
    for (const lane of ['KT-X1', 'KT-X2']) await t.call('POST', `/v1/gates/KT/lanes/${lane}/open`, { token: operator, body: { reason: 'asyncapi feed' } });
    expect(problems).toEqual([]);
  });
});
