/**
 * A commandId is scoped to (actor, command, request). Before, any reuse of an
 * id got the first command's answer: a driver's cancel of trip B sent with the
 * id of their cancel of trip A was "replayed", the API then marked B cancelled
 * in PostgreSQL while the scheduler still had it queued in Redis.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';

const t = useTestApi();
let driver1: string, driver2: string, operator: string;
beforeAll(async () => {
  [driver1, driver2, operator] = await t.tokens('driver1', 'driver2', 'operator1');
});

/** A registered trip of `token`'s driver, checked in at KT (live in Redis: queued, or called to an idle lane). */
async function liveTrip(token: string): Promise<string> {
  const req = tripRequest({ direction: 'entry' });
  const created = await t.call('POST', '/v1/trips', { token, body: req });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: req.vehicle.plate } });
  expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
  return created.body.id as string;
}

const ENTRY_LANES = ['KT-N1', 'KT-N2', 'KT-N3'];

/**
 * Runs `body` with every entry lane paused, so checked-in trucks stay queued: a driver may cancel a
 * queued trip, never one already called to a lane (trips/driver-cancel rules).
 */
async function withEntryLanesPaused(body: () => Promise<void>): Promise<void> {
  for (const lane of ENTRY_LANES) {
    const r = await t.call('POST', `/v1/gates/KT/lanes/${lane}/pause`, { token: operator, body: { reason: 'test: keep trucks queued' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  try {
    await body();
  } finally {
    for (const lane of ENTRY_LANES) await t.call('POST', `/v1/gates/KT/lanes/${lane}/open`, { token: operator, body: { reason: 'test over' } });
  }
}

/** The trip's state in PostgreSQL and in the scheduler's Redis hash (null once it left the scheduler). */
async function bothStates(tripId: string): Promise<{ db: string; redis: string | null; live: boolean }> {
  const row = await t.db.prisma.trip.findUniqueOrThrow({ where: { id: tripId }, select: { state: true } });
  const kt = t.platform.schedulers.get('KT')!;
  const [redis, live] = await Promise.all([
    t.platform.redis.hget(gateKeysOf(kt).trip(tripId), 'state'),
    t.platform.redis.sismember(gateKeysOf(kt).live, tripId),
  ]);
  return { db: row.state, redis, live: live === 1 };
}

describe('idempotency keys', () => {
  it("refuses a driver's cancel of another trip under a used key with 409, and PostgreSQL and Redis agree", () => withEntryLanesPaused(async () => {
    const [a, b] = [await liveTrip(driver1), await liveTrip(driver1)];
    const commandId = 'cancel-key-0001';
    const first = await t.call('POST', `/v1/trips/${a}/cancel`, { token: driver1, body: { commandId } });
    expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
    expect(await bothStates(a)).toMatchObject({ db: 'cancelled', live: false });

    const reused = await t.call('POST', `/v1/trips/${b}/cancel`, { token: driver1, body: { commandId } });
    expect(reused.status, JSON.stringify(reused.body)).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'CONFLICT', field: 'commandId' });
    const stateB = await bothStates(b);
    expect(stateB.live).toBe(true);
    expect(stateB.db).toBe(stateB.redis);
    expect(stateB.db).not.toBe('cancelled');

    // The honest retry of the first cancel is still a replay, and still agrees.
    const retry = await t.call('POST', `/v1/trips/${a}/cancel`, { token: driver1, body: { commandId } });
    expect(retry.status).toBeLessThan(300);
    expect(await bothStates(a)).toMatchObject({ db: 'cancelled', live: false });
  }));

  it("another actor's use of the same key is a different command", () => withEntryLanesPaused(async () => {
    const mine = await liveTrip(driver1);
    const theirs = await liveTrip(driver2);
    const commandId = 'shared-key-0002';
    expect((await t.call('POST', `/v1/trips/${mine}/cancel`, { token: driver1, body: { commandId } })).status).toBeLessThan(300);
    const other = await t.call('POST', `/v1/trips/${theirs}/cancel`, { token: driver2, body: { commandId } });
    expect(other.status, JSON.stringify(other.body)).toBeLessThan(300);
    // Really cancelled in the scheduler, not answered with driver1's result.
    expect(await bothStates(theirs)).toMatchObject({ db: 'cancelled', live: false });
  }));

  it('the same key for another command is that command, not a replay of the first', async () => {
    const commandId = 'operator-key-0003';
    const pause = await t.call('POST', '/v1/gates/KT/lanes/KT-N3/pause', { token: operator, body: { reason: 'lunch', commandId } });
    expect(pause.status, JSON.stringify(pause.body)).toBe(200);
    expect(pause.body.replayed).toBe(false);
    const trip = await liveTrip(driver2);
    // The no-show runs as itself (the truck was called to an idle lane), not answered with the pause's result.
    const noShow = await t.call('POST', `/v1/gates/KT/trips/${trip}/no-show`, { token: operator, body: { commandId } });
    expect(noShow.status, JSON.stringify(noShow.body)).toBe(200);
    expect(noShow.body.replayed).toBe(false);
    expect(noShow.body.trip.id).toBe(trip);
    await t.call('POST', '/v1/gates/KT/lanes/KT-N3/open', { token: operator, body: { reason: 'back' } });
  });

  it('the same key with another body gets 409 naming commandId and changes nothing', async () => {
    const commandId = 'operator-key-0004';
    const body = { reason: 'barrier check', commandId };
    expect((await t.call('POST', '/v1/gates/KT/lanes/KT-N2/pause', { token: operator, body })).status).toBe(200);
    const events = await t.platform.schedulers.get('KT')!.readEvents('0', 10_000);
    const other = await t.call('POST', '/v1/gates/KT/lanes/KT-N2/pause', { token: operator, body: { ...body, reason: 'other reason' } });
    expect(other.status, JSON.stringify(other.body)).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'CONFLICT', field: 'commandId' });
    const otherLane = await t.call('POST', '/v1/gates/KT/lanes/KT-X2/pause', { token: operator, body });
    expect(otherLane.status).toBe(409);
    expect(otherLane.body.error.field).toBe('commandId');
    expect(await t.platform.schedulers.get('KT')!.readEvents('0', 10_000)).toHaveLength(events.length);
    // An exact retry is still answered with the first result.
    const retry = await t.call('POST', '/v1/gates/KT/lanes/KT-N2/pause', { token: operator, body });
    expect(retry.body.replayed).toBe(true);
    await t.call('POST', '/v1/gates/KT/lanes/KT-N2/open', { token: operator, body: { reason: 'done' } });
  });
});
