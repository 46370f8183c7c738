/**
 * The gateway stores and queues, a worker decides (issue 17): against the real server (role `api`:
 * no worker, so nothing decides until the test starts a decider), real Redis streams and PGlite.
 * A camera is answered without any decision having run; a decider that died holding reads, one
 * that died between a check-in and its outcome, and a gateway that stopped between its insert and
 * its queueing leave nothing lost and nothing decided twice for the next decider.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseStreamEntry } from '@borderflow/scheduler';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePlate } from '../testing/trip-fixtures.ts';
import { until } from '../testing/agency-harness.ts';
import { createLogger } from '../logger.ts';
import { DECIDE_GROUP, queueReads, readsStream, startReadDecider } from './read-decider.ts';
import { handlePlateRead } from './plate-reads.ts';

let t: TestApi;
let camera: { id: string; key: string };
const logger = createLogger({ LOG_LEVEL: 'silent' });
/** Short claim, lease and sweep times: the test's "later" is a second, not half a minute. */
const QUICK = { claimIdleMs: 300, leaseMs: 1000, orphanAfterMs: 1000, sweepEveryMs: 200, blockMs: 200 };

const read = (plate: string, confidence: number) =>
  ({ type: 'plate_read', eventId: randomUUID(), capturedAt: new Date().toISOString(), plate, confidence, imageRef: 'https://cam.gate.local/p/1.jpg' });

async function registerTrip(): Promise<{ id: string; plate: string }> {
  const plate = uniquePlate();
  const r = await t.call('POST', '/v1/trips', { token: await t.token('driver1'), body: tripRequest({ vehicle: { plate } }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, plate };
}

const message = (id: string) => t.db.prisma.deviceMessage.findUniqueOrThrow({ where: { id } });

/** The gate's scheduler events about one trip, by type. */
async function eventsOf(tripId: string, type: string): Promise<number> {
  const entries = await (t.platform.redis as Redis).xrange(t.platform.schedulers.get('KT')!.eventsStream(), '-', '+');
  return entries.map(([id, fields]) => parseStreamEntry(id, fields)).filter((e) => e.type === type && e.trip?.id === tripId).length;
}

beforeAll(async () => {
  t = await startTestApi({ role: 'api' });
  const r = await t.call('POST', '/v1/admin/devices', { token: await t.token('admin1'), body: { gate: 'KT', kind: 'anpr', name: 'decider cam', position: 'yard-entrance' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  camera = { id: r.body.id, key: r.body.key };
}, 180_000);
afterAll(() => t?.close());

it('answers the camera with nothing decided, and decides every stored read exactly once across crashed deciders and a stopped gateway', async () => {
  const ctx = testApiContext(t);
  const redis = t.platform.redis as Redis;
  const stream = readsStream(t.prefix, 'KT');
  const [a, b, c] = [await registerTrip(), await registerTrip(), await registerTrip()];

  // The gateway answers once stored and queued: no decider runs in this topology, and the camera still has its answer.
  const bodyA = read(a.plate, 0.97);
  const push = (body: unknown) => t.call('POST', '/v1/devices/events', { headers: { 'x-device-key': camera.key, prefer: 'respond-async' }, body });
  const [ra, rb] = await Promise.all([push(bodyA), push(read(b.plate, 0.6))]);
  for (const r of [ra, rb]) expect(r.body, JSON.stringify(r.body)).toMatchObject({ outcome: 'queued' });
  expect((await message(ra.body.messageId)).outcome).toBeNull();
  expect((await message(rb.body.messageId)).outcome).toBeNull();
  expect(await redis.xlen(stream)).toBe(2);

  // A decider read both and died before deciding them: they stay pending under its name.
  await redis.call('XGROUP', 'CREATE', stream, DECIDE_GROUP, '0', 'MKSTREAM');
  expect(await redis.call('XREADGROUP', 'GROUP', DECIDE_GROUP, 'dead-decider', 'COUNT', 10, 'STREAMS', stream, '>')).not.toBeNull();
  // It had even checked `a` in: its check-in ran, its outcome was never written.
  const device = await t.db.prisma.device.findUniqueOrThrow({ where: { id: camera.id } });
  const first = await handlePlateRead(ctx, device, { ...bodyA, laneId: null }, ra.body.messageId);
  expect(first).toMatchObject({ outcome: 'checked_in', tripId: a.id });
  // And the gateway stopped between committing `c`'s raw row and queueing it.
  const idC = randomUUID();
  await t.db.prisma.deviceMessage.create({
    data: { id: idC, deviceId: camera.id, gateCode: 'KT', format: 'generic', raw: JSON.stringify(read(c.plate, 0.98)), status: 'accepted', plate: c.plate, confidence: 0.98, receivedAt: new Date(Date.now() - 60_000) },
  });

  const decider = startReadDecider(ctx, ['KT'], logger, QUICK);
  try {
    await until('every stored read decided', async () =>
      (await t.db.prisma.deviceMessage.count({ where: { id: { in: [ra.body.messageId, rb.body.messageId, idC] }, outcome: null } })) === 0, 30_000);
  } finally {
    await decider.stop();
  }
  // The replayed decision of `a` is its own check-in (not a duplicate of it), applied once.
  expect(await message(ra.body.messageId)).toMatchObject({ outcome: 'checked_in', tripId: a.id });
  expect(await message(rb.body.messageId)).toMatchObject({ outcome: 'confirm_queued' });
  expect(await message(idC)).toMatchObject({ outcome: 'checked_in', tripId: c.id });
  expect(await eventsOf(a.id, 'trip_arrived')).toBe(1);

  // Queued again (a sweep's second copy, a redelivery) and read by a restarted decider: nothing is decided twice.
  await queueReads(ctx, [ra.body.messageId, rb.body.messageId, idC].map((id) => ({ id, gateCode: 'KT' })));
  const again = startReadDecider(ctx, ['KT'], logger, QUICK);
  try {
    await until('the copies read and acknowledged', async () => {
      const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
      const info = Object.fromEntries(groups.map((g) => [g[1], g]))[DECIDE_GROUP] as unknown[];
      const field = (name: string) => Number(info[info.indexOf(name) + 1]);
      return field('pending') === 0 && field('lag') === 0;
    }, 30_000);
  } finally {
    await again.stop();
  }
  expect(await t.db.prisma.plateConfirmation.count({ where: { messageId: rb.body.messageId } })).toBe(1);
  expect(await message(ra.body.messageId)).toMatchObject({ outcome: 'checked_in', tripId: a.id });
  for (const trip of [a, c]) expect(await eventsOf(trip.id, 'trip_arrived')).toBe(1);
  expect((await t.db.prisma.trip.findUniqueOrThrow({ where: { id: b.id } })).state).toBe('registered');
}, 90_000);
