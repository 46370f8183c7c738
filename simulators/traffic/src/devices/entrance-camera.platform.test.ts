/**
 * The demo's trucks pass the simulated entrance camera: the feeder registers the camera, the camera
 * checks trucks in through the device gateway, and the gate's device health shows it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTES } from '@borderflow/client';
import { startFeederTestPlatform, waitForStats as waitFor, type FeederTestPlatform } from '../feeder-test-platform.ts';
import { ApiClient, startTrafficFeeder, type FeederStats } from '../index.ts';
import { DEMO_CAMERA_NAME } from './entrance-camera.ts';

let t: FeederTestPlatform;
beforeAll(async () => {
  t = await startFeederTestPlatform();
}, 180_000);
afterAll(() => t?.close());

it('the feeder\'s trucks are checked in by the entrance camera, and its health shows on the gate\'s devices', async () => {
  const feeder = startTrafficFeeder({
    baseUrl: t.platform.url, speed: 120, tripsPerHour: 120, seed: 17, maxInGate: 15, requestTimeoutMs: 60_000,
    agencyDecisions: false, entranceCamera: { adminAccount: 'admin1' },
  });
  let stats: FeederStats;
  try {
    stats = await waitFor(feeder, (s) => s.cameraCheckIns >= 3, 150_000);
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
}, 240_000);
