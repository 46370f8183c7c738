/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The device gateway against the real server (PGlite, Redis, Socket.IO): cameras registered by an admin
 * push plate reads with their own key. A refused message (no key, a revoked key, bad JSON, a bad field)
 * is kept raw and changes nothing; a confident exact read checks a truck in; a doubtful one (or one two
 * trips could match) waits for an operator, who confirms it; a wrong truck at a lane alerts the operators
 * live and does not arrive; a camera gone silent raises an alert on the health panel and live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIVE_EVENTS, normalisePlate, type DeviceAlertMessage } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import { DEVICE_RECHECK_MS } from './device-gateway.ts';

let t: TestApi;
let admin: string;
let operator: string;

interface Camera {
  id: string;
  key: string;
}

async function registerCamera(body: Record<string, unknown>): Promise<Camera> {
  const r = await t.call('POST', '/v1/admin/devices', { token: admin, body: { gate: 'KT', kind: 'anpr', name: `cam ${randomUUID().slice(0, 6)}`, ...body } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, key: r.body.key };
}

async function registerTrip(plate = uniquePlate()): Promise<{ id: string; plate: string }> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, plate };
}

function read(plate: string | null, confidence: number, extra: Record<string, unknown> = {}) {
  return { type: 'plate_read', eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, confidence, imageRef: 'https://cam.gate.local/p/1.jpg', ...extra };
}

function push(camera: Camera | null, body: unknown, path = '/v1/devices/events') {
  return t.call('POST', path, { ...(camera ? { headers: { 'x-device-key': camera.key } } : {}), body });
}

const stateOf = async (id: string) => (await t.db.prisma.trip.findUniqueOrThrow({ where: { id } })).state;

let yard: Camera;

beforeAll(async () => {
  t = await startTestApi();
  admin = await t.token('admin1');
  operator = await t.token('operator1');
  yard = await registerCamera({ position: 'yard-entrance' });
}, 60_000);
afterAll(() => t?.close());

describe('a message the gateway refuses', () => {
  it('is kept raw with its rule, answered 4xx naming the field, and changes nothing', async () => {
    const trip = await registerTrip();
    const revoked = await registerCamera({ position: 'yard-entrance' });
    expect((await t.call('DELETE', `/v1/admin/devices/${revoked.id}`, { token: admin })).status).toBe(204);
    const before = await t.db.prisma.deviceMessage.count({ where: { status: 'rejected' } });

    const anonymous = await push(null, read(trip.plate, 0.99));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.field).toBe('X-Device-Key');
    const forged = await t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': `${yard.key.slice(0, -4)}AAAA` }, body: read(trip.plate, 0.99) });
    expect(forged.status).toBe(401);
    expect((await push(revoked, read(trip.plate, 0.99))).status).toBe(401);
    const garbled = await t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': yard.key }, raw: '{"type":"plate_read",' });
    expect(garbled.status).toBe(400);
    const badField = await push(yard, { ...read(trip.plate, 0.99), confidence: 97 }, '/v1/devices/events');
    expect(badField.status).toBe(400);
    expect(badField.body.error.field).toBe('confidence');
    // In the caller's language.
    const vi = await t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': yard.key, 'accept-language': 'vi' }, body: { ...read(trip.plate, 0.99), capturedAt: 'yesterday' } });
    expect(vi.status).toBe(400);
    expect(vi.body.error.field).toBe('capturedAt');
    const hik = await push(yard, { eventType: 'ANPR', dateTime: new Date().toISOString(), UUID: 'x1', ANPR: { licensePlate: trip.plate, confidenceLevel: 250 } }, '/v1/devices/events/hikvision');
    expect(hik.status).toBe(400);
    expect(hik.body.error.field).toBe('ANPR.confidenceLevel');
    for (const r of [anonymous, forged, garbled, badField, vi, hik]) expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts|stack/);

    const rejected = await t.db.prisma.deviceMessage.findMany({ where: { status: 'rejected' }, orderBy: { receivedAt: 'asc' } });
    expect(rejected.length - before).toBe(7);
    const reasons = rejected.slice(before).map((m) => m.reason);
    expect(reasons).toEqual(['missing_key', 'unknown_or_revoked_key', 'unknown_or_revoked_key', 'malformed_json', 'schema:confidence', 'schema:capturedAt', 'schema:ANPR.confidenceLevel']);
    expect(rejected.find((m) => m.reason === 'malformed_json')!.raw).toBe('{"type":"plate_read",');
    expect(rejected.find((m) => m.reason === 'missing_key')!.deviceId).toBeNull();
    // Nothing changed: the truck is still outside, nobody was asked to confirm anything.
    expect(await stateOf(trip.id)).toBe('registered');
    expect(await t.db.prisma.plateConfirmation.count()).toBe(0);
  });
});

describe('at a lane', () => {
  // Before the yard tests: their trucks would take the lanes this truck is called to.
  it('a wrong truck alerts the operators live and does not arrive; the called truck then confirms its arrival', async () => {
    const trip = await registerTrip();
    expect((await push(yard, read(trip.plate, 0.98))).body.outcome).toBe('checked_in');
    const kt = t.platform.schedulers.get('KT')!;
    let laneId = '';
    await until('the trip called to a lane', async () => {
      const s: any = await kt.tripStatus(trip.id);
      laneId = s?.trip.laneId ?? '';
      return s?.trip.state === 'called';
    }, 20_000);
    const camera = await registerCamera({ position: 'lane', laneId });
    const socket = await t.socket(operator);
    const alerts: DeviceAlertMessage[] = [];
    socket.on(LIVE_EVENTS.deviceAlert, (a: DeviceAlertMessage) => alerts.push(a));
    const ack: any = await socket.emitWithAck('subscribe', { gate: 'KT' });
    expect(ack.ok).toBe(true);

    const intruder = uniquePlate();
    const wrong = await push(camera, read(intruder, 0.96, { laneId }));
    expect(wrong.body.outcome).toBe('wrong_truck');
    await until('the live alert', () => alerts.some((a) => a.kind === 'wrong_truck'), 10_000);
    expect(alerts.find((a) => a.kind === 'wrong_truck')).toMatchObject({ gate: 'KT', deviceId: camera.id, detail: { laneId, readPlate: intruder, expectedTripId: trip.id } });
    expect(await kt.laneOccupant(laneId)).toEqual({ occupancy: 'called', tripId: trip.id });
    // A camera claiming another lane than its own is refused.
    expect((await push(camera, read(trip.plate, 0.96, { laneId: 'KT-ZZ9' }))).status).toBe(409);

    const right = await push(camera, read(trip.plate, 0.93, { laneId }));
    expect(right.body).toMatchObject({ outcome: 'lane_confirmed', tripId: trip.id });
    expect(await kt.laneOccupant(laneId)).toEqual({ occupancy: 'at_lane', tripId: trip.id });
    const health = await t.call('GET', '/v1/gates/KT/devices', { token: operator });
    expect(health.body.alerts.some((a: any) => a.kind === 'wrong_truck' && a.deviceId === camera.id)).toBe(true);
    socket.disconnect();
  }, 60_000);
});

describe('at the yard entrance', () => {
  it('a confident read of one registered trip checks it in; the same event again is a duplicate', async () => {
    const trip = await registerTrip();
    const event = read(trip.plate, 0.97);
    const r = await push(yard, event);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'checked_in', tripId: trip.id, confirmationId: null });
    expect(await stateOf(trip.id)).not.toBe('registered');
    const again = await push(yard, event);
    expect(again.body.outcome).toBe('duplicate');
    // A second camera frame with a new event id is the same truck, not a second arrival.
    expect((await push(yard, read(trip.plate, 0.97))).body).toMatchObject({ outcome: 'duplicate', tripId: trip.id });
    const stored = await t.db.prisma.deviceMessage.findUniqueOrThrow({ where: { id: r.body.messageId } });
    expect(stored).toMatchObject({ status: 'accepted', outcome: 'checked_in', deviceId: yard.id, tripId: trip.id });
    expect(JSON.parse(stored.raw)).toEqual(event);
  });

  it('a Hikvision ANPR event checks in the same way', async () => {
    const trip = await registerTrip();
    const r = await push(yard, {
      eventType: 'ANPR', dateTime: new Date().toISOString(), channelID: 1, UUID: randomUUID(),
      ANPR: { licensePlate: normalisePlate(trip.plate), confidenceLevel: 95, laneNo: 1, pictureInfoList: [{ fileName: 'plate.jpg' }] },
    }, '/v1/devices/events/hikvision');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'checked_in', tripId: trip.id });
  });

  it('a doubtful read waits for an operator with its candidate, and checks in only when confirmed', async () => {
    const trip = await registerTrip();
    const plate = normalisePlate(trip.plate);
    // The camera saw an O for the 0 of the province code's neighbour digit: 29C… read with I for 1 or O for 0.
    const misread = plate.replace(/0/, 'O') === plate ? `${plate.slice(0, -1)}S` : plate.replace(/0/, 'O');
    const r = await push(yard, read(misread, 0.71));
    expect(r.body.outcome, JSON.stringify(r.body)).toBe('confirm_queued');
    expect(await stateOf(trip.id)).toBe('registered');
    const queue = await t.call('GET', '/v1/gates/KT/plate-confirmations', { token: operator });
    const waiting = queue.body.confirmations.find((c: any) => c.id === r.body.confirmationId);
    expect(waiting).toMatchObject({ readPlate: misread, confidence: 0.71, imageRef: 'https://cam.gate.local/p/1.jpg' });
    expect(waiting.candidates.map((c: any) => c.tripId)).toContain(trip.id);
    // A driver cannot decide it; a trip that is not a candidate cannot be chosen.
    expect((await t.call('POST', `/v1/gates/KT/plate-confirmations/${waiting.id}`, { token: await t.token('driver1'), body: { decision: 'dismiss' } })).status).toBe(403);
    const other = await registerTrip();
    const notCandidate = await t.call('POST', `/v1/gates/KT/plate-confirmations/${waiting.id}`, { token: operator, body: { decision: 'check_in', tripId: other.id } });
    expect(notCandidate.status).toBe(409);
    expect(notCandidate.body.error.field).toBe('tripId');
    const decided = await t.call('POST', `/v1/gates/KT/plate-confirmations/${waiting.id}`, { token: operator, body: { decision: 'check_in', tripId: trip.id } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'confirmed', tripId: trip.id });
    expect(await stateOf(trip.id)).not.toBe('registered');
    expect(await stateOf(other.id)).toBe('registered');
    expect((await t.call('POST', `/v1/gates/KT/plate-confirmations/${waiting.id}`, { token: operator, body: { decision: 'dismiss' } })).status).toBe(409);
    const audit = await t.db.prisma.auditEntry.findFirst({ where: { action: 'device.plate-confirm', targetId: waiting.id } });
    expect(audit?.actorName).toBe('operator1');
  });

  it('a confident exact read that another registered trip could also be goes to a person, never checks either in', async () => {
    const first = await registerTrip();
    const p = normalisePlate(first.plate);
    const last = Number(p.at(-1));
    const twinPlate = `${p.slice(0, 3)}-${p.slice(3, 6)}.${p.slice(6, 7)}${(last + 1) % 10}`;
    const twin = await registerTrip(twinPlate);
    const r = await push(yard, read(first.plate, 0.99));
    expect(r.body.outcome).toBe('confirm_queued');
    const row = await t.db.prisma.plateConfirmation.findUniqueOrThrow({ where: { id: r.body.confirmationId } });
    expect((row.candidates as any[]).map((c) => c.tripId).sort()).toEqual([first.id, twin.id].sort());
    expect(await stateOf(first.id)).toBe('registered');
    expect(await stateOf(twin.id)).toBe('registered');
  });

  it('a no-read is recorded and changes nothing', async () => {
    const r = await push(yard, read(null, 0));
    expect(r.body).toMatchObject({ outcome: 'no_read', tripId: null, confirmationId: null });
  });
});

describe('device health', () => {
  it('shows reads and doubtful share, and a camera gone silent raises an alert on the panel and live', async () => {
    const camera = await registerCamera({ position: 'yard-entrance' });
    const hb = await push(camera, { type: 'heartbeat', at: new Date().toISOString(), errors: 2 });
    expect(hb.body.outcome).toBe('heartbeat');
    await push(camera, read(null, 0));
    await push(camera, read(uniquePlate(), 0.5));
    let health = await t.call('GET', '/v1/gates/KT/devices', { token: operator });
    const mine = health.body.devices.find((d: any) => d.id === camera.id);
    expect(mine).toMatchObject({ silent: false, readsLastHour: 2, doubtfulShare: 1, errorsLastHour: 2 });

    const socket = await t.socket(operator);
    const alerts: DeviceAlertMessage[] = [];
    socket.on(LIVE_EVENTS.deviceAlert, (a: DeviceAlertMessage) => alerts.push(a));
    expect(((await socket.emitWithAck('subscribe', { gate: 'KT' })) as any).ok).toBe(true);
    // The camera's last message was ten minutes ago (the clock is moved back, not forward).
    await t.db.prisma.device.update({ where: { id: camera.id }, data: { lastSeenAt: new Date(Date.now() - 10 * 60_000) } });
    health = await t.call('GET', '/v1/gates/KT/devices', { token: operator });
    expect(health.body.devices.find((d: any) => d.id === camera.id).silent).toBe(true);
    const silent = health.body.alerts.filter((a: any) => a.kind === 'device_silent' && a.deviceId === camera.id);
    expect(silent).toHaveLength(1);
    await until('the live silence alert', () => alerts.some((a) => a.kind === 'device_silent' && a.deviceId === camera.id), 10_000);
    // Asked again, the same silence is one alert, not two.
    health = await t.call('GET', '/v1/gates/KT/devices', { token: operator });
    expect(health.body.alerts.filter((a: any) => a.kind === 'device_silent' && a.deviceId === camera.id)).toHaveLength(1);
    // Heard from again: the alert closes. (A real silence outlasts the gateway's memory of the key,
    // DEVICE_RECHECK_MS; the clock moved back above did not, so the test lets that memory lapse.)
    await new Promise((r) => setTimeout(r, DEVICE_RECHECK_MS + 100));
    await push(camera, { type: 'heartbeat', at: new Date().toISOString() });
    health = await t.call('GET', '/v1/gates/KT/devices', { token: operator });
    expect(health.body.alerts.filter((a: any) => a.kind === 'device_silent' && a.deviceId === camera.id)).toHaveLength(0);
    expect(health.body.devices.find((d: any) => d.id === camera.id).silent).toBe(false);
    socket.disconnect();
  }, 60_000);
});
