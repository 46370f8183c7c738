/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * The camera's fast path against the real server (PGlite, Redis): a camera asking `Prefer: respond-async`
 * is answered `queued` once its read is stored raw, and the read is then decided exactly as a synchronous
 * one (a confident exact read checks its truck in; a doubtful one waits for a person); a resend is still
 * applied once (crashes and restarts: read-decider.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';

let t: TestApi;
let camera: { id: string; key: string };

const read = (plate: string | null, confidence: number) =>
  ({ type: 'plate_read', eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, confidence, imageRef: 'https://cam.gate.local/p/1.jpg' });

const pushAsync = (body: unknown) =>
  t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': camera.key, prefer: 'respond-async' }, body });

async function registerTrip(plate = uniquePlate()): Promise<{ id: string; plate: string }> {
  const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, plate };
}

const message = (id: string) => t.db.prisma.deviceMessage.findUniqueOrThrow({ where: { id } });
const decided = (id: string) => until(`message ${id} decided`, async () => (await message(id)).outcome !== null, 30_000);

beforeAll(async () => {
  t = await startTestApi();
  const r = await t.call('POST', '/v1/admin/devices', { token: await t.token('admin1'), body: { gate: 'KT', kind: 'anpr', name: 'async cam', position: 'yard-entrance' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  camera = { id: r.body.id, key: r.body.key };
}, 60_000);
afterAll(() => t?.close());

describe('a camera answered once its read is stored', () => {
  it('is told queued with the read already in the raw log, and its truck is then checked in by the camera', async () => {
    const trip = await registerTrip();
    const body = read(trip.plate, 0.97);
    const r = await pushAsync(body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'queued', tripId: null, confirmationId: null });
    expect(r.headers.get('preference-applied')).toBe('respond-async');
    // Durable before the answer: the raw row exists the moment the camera is answered.
    const stored = await message(r.body.messageId);
    expect(stored).toMatchObject({ status: 'accepted', deviceId: camera.id, raw: JSON.stringify(body) });

    await decided(r.body.messageId);
    expect(await message(r.body.messageId)).toMatchObject({ outcome: 'checked_in', tripId: trip.id });
    expect((await t.db.prisma.trip.findUniqueOrThrow({ where: { id: trip.id } })).state).not.toBe('registered');

    // The camera resends the same event: answered duplicate, applied once.
    const again = await pushAsync(body);
    expect(again.body.outcome).toBe('duplicate');
    expect(await t.db.prisma.deviceMessage.count({ where: { deviceId: camera.id, outcome: 'checked_in', tripId: trip.id } })).toBe(1);
  });

  it('sends a doubtful read to the confirmation queue, as a synchronous read would', async () => {
    const trip = await registerTrip();
    const r = await pushAsync(read(trip.plate, 0.6));
    expect(r.body.outcome).toBe('queued');
    await decided(r.body.messageId);
    expect((await message(r.body.messageId)).outcome).toBe('confirm_queued');
    const pending = await t.db.prisma.plateConfirmation.findFirstOrThrow({ where: { messageId: r.body.messageId } });
    expect((pending.candidates as any[]).map((c) => c.tripId)).toEqual([trip.id]);
    expect((await t.db.prisma.trip.findUniqueOrThrow({ where: { id: trip.id } })).state).toBe('registered');
  });
});
