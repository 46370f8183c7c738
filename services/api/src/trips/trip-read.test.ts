/**
 * A driver's read of their trip (trip-read.ts) asks Redis for the row's version, the live placement
 * and the weighing mark in one round trip when the process keeps a copy of the row, and answers as
 * a read of its own would: a row that changed between two polls gets its own placement, and
 * another's trip costs no read of its placement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trip } from '@borderflow/contracts';
import type { Pipeline } from 'ioredis';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { readTrip } from './trip-read.ts';

let t: TestApi;
let ctx: ApiContext;
let driver: string;
let operator: string;
beforeAll(async () => {
  t = await startTestApi({ role: 'api' });
  ctx = testApiContext(t);
  driver = await t.token('driver1');
  operator = await t.token('operator1');
  // With the exit lanes paused a checked-in truck waits in the queue instead of being called at once.
  for (const lane of ['KT-X1', 'KT-X2', 'KT-P1']) {
    const paused = await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'trip read test' } });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
  }
}, 60_000);
afterAll(() => t?.close());

async function principal(username: string): Promise<Principal> {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username } });
  return { id: user.id, username, role: user.role as Principal['role'] };
}

async function register(): Promise<Trip> {
  const created = await t.call<Trip>('POST', '/v1/trips', { token: driver, body: tripRequest() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function checkIn(trip: Trip): Promise<void> {
  const checkedIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.vehicle.plate } });
  expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(200);
}

/**
 * The round trips (pipelines) and commands `call` sends about trip `tripId` on the shared connection.
 * Only pipelines naming the trip count: a timer of the platform may use the connection meanwhile.
 */
async function redisOf(tripId: string, call: () => Promise<unknown>): Promise<{ roundTrips: number; commands: string[] }> {
  const redis = ctx.redis as unknown as { pipeline: (...a: unknown[]) => Pipeline };
  const opened: Pipeline[] = [];
  const pipeline = redis.pipeline;
  redis.pipeline = function (this: unknown, ...a: unknown[]) {
    const p = pipeline.apply(this, a);
    opened.push(p);
    return p;
  };
  try {
    await call();
  } finally {
    redis.pipeline = pipeline;
  }
  const queued = (p: Pipeline) => (p as unknown as { _queue: Array<{ name: string; args: unknown[] }> })._queue;
  const mine = opened.filter((p) => queued(p).some((c) => c.args.some((a) => String(a).includes(tripId))));
  return { roundTrips: mine.length, commands: mine.flatMap((p) => queued(p).map((c) => c.name)) };
}

describe('a driver reads their trip', () => {
  it('asks Redis once for a kept waiting truck: version, placement and weighing mark together', async () => {
    const trip = await register();
    await checkIn(trip);
    const who = await principal('driver1');
    await readTrip(ctx, who, trip.id);
    let answer: Awaited<ReturnType<typeof readTrip>> | undefined;
    const sent = await redisOf(trip.id, async () => { answer = await readTrip(ctx, who, trip.id); });
    expect(answer!.trip).toMatchObject({ id: trip.id, state: 'queued', live: { position: expect.any(Number) } });
    expect(answer!.weighing).toBeNull();
    expect(sent.commands.length).toBeGreaterThanOrEqual(3);
    expect(sent.roundTrips).toBe(1);
    // The same through the API (the caller's session and rate limit name no trip).
    let read: Awaited<ReturnType<typeof t.call<Trip>>> | undefined;
    const viaApi = await redisOf(trip.id, async () => { read = await t.call<Trip>('GET', `/v1/trips/${trip.id}`, { token: driver }); });
    expect(read!.body).toMatchObject({ state: 'queued', live: { position: answer!.trip.live!.position } });
    expect(viaApi.roundTrips).toBe(1);
  });

  it('a row that changed since the kept copy gets its own placement', async () => {
    const trip = await register();
    const who = await principal('driver1');
    // Kept as registered: nothing live to ask for.
    expect((await readTrip(ctx, who, trip.id)).trip).toMatchObject({ state: 'registered', live: null });
    await checkIn(trip);
    const { trip: after } = await readTrip(ctx, who, trip.id);
    expect(after).toMatchObject({ state: 'queued', live: { position: expect.any(Number) } });
  });

  it("another's trip is 404 and costs no read of its placement", async () => {
    const trip = await register();
    await checkIn(trip);
    await readTrip(ctx, await principal('driver1'), trip.id);
    const other = await principal('driver2');
    let refused: unknown;
    const sent = await redisOf(trip.id, () => readTrip(ctx, other, trip.id).catch((err: unknown) => { refused = err; }));
    expect(refused).toMatchObject({ status: 404 });
    expect(sent.commands.every((name) => name === 'evalsha')).toBe(true);
    expect(sent.commands.length).toBe(1);
  });
});
