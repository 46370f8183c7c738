/**
 * A yard read that meets a plate index entry without a trip row (a registration between filing its
 * plate and its commit) keeps the entry: dropping it would leave that trip out of the index for good,
 * and a later misread of its plate could then match another trip alone (plate-index.ts). An entry
 * whose row says the trip is not expected under that plate is still dropped.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';
import { handlePlateRead } from './plate-reads.ts';
import { indexTripPlate, platesNear } from './plate-index.ts';

let t: TestApi;
let cameraId: string;
beforeAll(async () => {
  t = await startTestApi({ role: 'api' });
  const r = await t.call('POST', '/v1/admin/devices', { token: await t.token('admin1'), body: { gate: 'KT', kind: 'anpr', name: 'pending cam', position: 'yard-entrance' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  cameraId = r.body.id;
}, 180_000);
afterAll(() => t?.close());

it('keeps an entry whose trip has no row yet, and drops one whose trip has another plate', async () => {
  const ctx = testApiContext(t);
  // A trip registered under another plate, then filed (wrongly) under the read's plate: its row disowns it.
  const other = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate: uniquePlate() } }) });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  const plate = uniquePlate();
  const pendingId = randomUUID();
  await indexTripPlate(ctx, 'KT', pendingId, plate);
  await indexTripPlate(ctx, 'KT', other.body.id, plate);
  const filed = async () => (await platesNear(ctx, 'KT', plate)).flatMap((n) => n.tripIds);
  expect(await filed()).toEqual(expect.arrayContaining([pendingId, other.body.id]));

  const messageId = randomUUID();
  await t.db.prisma.deviceMessage.create({
    data: { id: messageId, deviceId: cameraId, gateCode: 'KT', format: 'generic', raw: '{}', status: 'accepted', plate, confidence: 0.98, receivedAt: new Date() },
  });
  const device = await t.db.prisma.device.findUniqueOrThrow({ where: { id: cameraId } });
  await handlePlateRead(ctx, device, { eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, confidence: 0.98, imageRef: null, laneId: null }, messageId);

  const after = await filed();
  expect(after).toContain(pendingId);
  expect(after).not.toContain(other.body.id);
});
