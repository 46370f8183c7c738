/**
 * The device gateway as a process of its own (role `gateway`, `npm run start:gateway`): it takes the
 * cameras' pushes on its own port and changes the gate through the shared Redis and database, with
 * no API process in between. The API runs before and after it (an embedded PGlite has one owner at a
 * time; against PostgreSQL the same steps run too).
 */
import { randomInt } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { testRedis, testRedisUrl } from '@borderflow/testkit/testing';
import { startPlatform, type PlatformOptions } from '../platform.ts';
import { spawnPlatform } from '../testing/spawn-platform.ts';
import { sharedTestStore } from '../testing/shared-test-store.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { callJson } from '../testing/topology.ts';

const JWT_SECRET = 'gateway-test-secret-that-is-at-least-32-characters';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
});

async function push(base: string, key: string | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/v1/devices/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-device-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('a gateway process of its own checks a truck in from a camera read, refuses a keyless push, and the API sees both', { timeout: 180_000 }, async () => {
  const store = await sharedTestStore();
  cleanups.push(() => store.cleanup());
  const redis = testRedis();
  cleanups.push(() => redis.cleanup());
  const options: PlatformOptions = {
    port: 0, host: '127.0.0.1', redisUrl: testRedisUrl(), prefix: redis.prefix, ...store.child, jwtSecret: JWT_SECRET,
    feeder: false, agencies: false, notify: false, provincePush: false, requestRateLimit: false,
    logger: pino({ level: 'silent' }),
  };
  const env = { ...process.env };
  if (store.kind === 'pglite') delete env.DATABASE_URL;

  // The API registers a camera and a trip, then stops (PGlite: the gateway process owns the database next).
  const plate = `29C-${randomInt(100, 1000)}.${String(randomInt(0, 100)).padStart(2, '0')}`;
  const api = await startPlatform({ ...options, role: 'api' });
  let key: string;
  let tripId: string;
  try {
    const login = async (username: string) => (await callJson(api.url, 'POST', '/v1/auth/login', undefined, { username, password: 'demo' })).body.token as string;
    const admin = await login('admin1');
    const device = await callJson(api.url, 'POST', '/v1/admin/devices', admin, { gate: 'KT', name: 'Entrance camera (gateway test)', kind: 'anpr', position: 'yard-entrance' });
    expect(device.status).toBe(201);
    key = device.body.key as string;
    const trip = await callJson(api.url, 'POST', '/v1/trips', await login('driver1'), tripRequest({ vehicle: { plate } }));
    expect(trip.status).toBe(201);
    tripId = trip.body.id as string;
  } finally {
    await api.close();
  }

  const gateway = await spawnPlatform({ port: 0, host: '127.0.0.1', redisUrl: testRedisUrl(), prefix: redis.prefix, ...store.child, jwtSecret: JWT_SECRET, role: 'gateway' }, { env, startTimeoutMs: 90_000 });
  cleanups.push(() => gateway.kill());
  expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  // The gateway serves the cameras only: no person's route is there.
  expect((await fetch(`${gateway.url}/v1/trips/${tripId}`)).status).toBe(404);
  const read = { type: 'plate_read', eventId: 'gw-test-1', capturedAt: new Date().toISOString(), plate: plate.replace(/[-.]/g, ''), confidence: 0.97, imageRef: 'cam/1.jpg' };
  const keyless = await push(gateway.url, null, read);
  expect(keyless.status).toBe(401);
  expect(keyless.body).toMatchObject({ error: { field: 'X-Device-Key' } });
  const first = await push(gateway.url, key, read);
  expect(first.status, gateway.stderr()).toBe(200);
  expect(first.body).toMatchObject({ outcome: 'checked_in', tripId });
  expect((await push(gateway.url, key, read)).body).toMatchObject({ outcome: 'duplicate' });
  await gateway.stop();

  // The API, back on the same stores, sees the check-in the gateway made and the refusal it logged.
  const after = await startPlatform({ ...options, role: 'api' });
  try {
    const operator = (await callJson(after.url, 'POST', '/v1/auth/login', undefined, { username: 'operator1', password: 'demo' })).body.token as string;
    const trip = await callJson(after.url, 'GET', `/v1/trips/${tripId}`, operator);
    expect(trip.status).toBe(200);
    expect(trip.body.state).not.toBe('registered');
    const health = await callJson(after.url, 'GET', '/v1/gates/KT/devices', operator);
    const camera = (health.body.devices as Array<Record<string, unknown>>).find((d) => d.name === 'Entrance camera (gateway test)');
    expect(camera).toMatchObject({ readsLastHour: 1 });
  } finally {
    await after.close();
  }
});
