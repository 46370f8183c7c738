/**
 * The demo's trucks pass the simulated entrance camera: the feeder registers the camera, the camera
 * checks trucks in through the device gateway, and the gate's device health shows it. The trucks checked
 * in then roll onto the demo weighbridge: their weighings attach to their trips, the overweight ones are
 * held and the feeder's operator releases them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES } from '@borderflow/client';
import { startFeederTestPlatform, waitForStats as waitFor, type FeederTestPlatform } from '../feeder-test-platform.ts';
import { ApiClient, startTrafficFeeder, type FeederStats } from '../index.ts';
import { DEMO_CAMERA_NAME } from './entrance-camera.ts';
import { DEMO_WEIGHBRIDGE_NAME } from './entrance-weighbridge.ts';

let t: FeederTestPlatform;
beforeAll(async () => {
  t = await startFeederTestPlatform();
}, 180_000);
afterAll(() => t?.close());

it('the feeder\'s trucks are checked in by the entrance camera, and its health shows on the gate\'s devices', async () => {
  const feeder = startTrafficFeeder({
    baseUrl: t.platform.url, speed: 120, tripsPerHour: 120, seed: 17, maxInGate: 15, requestTimeoutMs: 60_000,
    agencyDecisions: false, entranceCamera: { adminAccount: 'admin1' },
    // Half of them overweight, so a short run sees holds placed and released.
    weighbridge: { adminAccount: 'admin1', overweightRate: 0.5 },
  });
  let stats: FeederStats;
  try {
    stats = await waitFor(feeder, (s) => s.cameraCheckIns >= 3 && s.weighed >= 3 && s.released >= 1, 150_000);
  } finally {
    await feeder.stop();
  }
  expect(stats.cameraCheckIns, JSON.stringify(stats)).toBeGreaterThanOrEqual(3);
  expect(stats.lastError ?? '').not.toContain('entrance-camera');
  const operator = new ApiClient({ baseUrl: t.platform.url, username: 'operator1', password: 'demo' });
  const health = await (await operator.signedIn()).call(ROUTES.gateDeviceHealth, { params: { gate: 'KT' } });
  const cameras = health.devices.filter((d) => d.name === DEMO_CAMERA_NAME);
  expect(cameras).toHaveLength(1);
  expect(cameras[0]!.readsLastHour).toBeGreaterThanOrEqual(3);
  expect(health.devices.filter((d) => d.name === DEMO_WEIGHBRIDGE_NAME)).toHaveLength(1);
  // Each weighing is stored against its trip; the overweight ones were held by the scheduler.
  const weighings = await t.platform.db.prisma.weighing.findMany({ where: { gateCode: 'KT' } });
  expect(weighings.length).toBeGreaterThanOrEqual(3);
  expect(weighings.every((w) => w.tripId !== null)).toBe(true);
  expect(weighings.some((w) => w.overweight)).toBe(true);
  // The operator released the hold it placed: the scheduler holds that truck no longer.
  const released = await t.platform.db.prisma.weighing.findMany({ where: { gateCode: 'KT', overweight: true } });
  const holds = await Promise.all(released.map(async (w) => (await t.platform.schedulers.get('KT')!.tripStatus(w.tripId))?.trip.hold));
  expect(holds).toContain(false);
  expect(stats.lastError ?? '').not.toContain('weighbridge');
}, 240_000);
