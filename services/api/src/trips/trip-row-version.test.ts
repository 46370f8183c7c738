/**
 * A read of a trip answered from the process' copy by its Redis version (trip-row-cache.ts, persist's
 * trip-row-version.ts) sees every write: each path that writes a trip row moves the version, so the
 * next read after it shows the change. A writer killed between its commit and its end leaves the
 * version withheld, and the read asks the database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { CreateTripRequestInput } from '@borderflow/contracts';
import { tripRowVersion, writingTrips, type TripVersionStore } from '@borderflow/persist';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { readTripRow, tripRowCacheStats } from './trip-row-cache.ts';

// No worker: the event projection (persist) would move the versions of checked-in and cancelled
// trips a moment later; here each API write's own mark is all there is.
const t = useTestApi({ role: 'api' });
let driver: string, operator: string, customs: string;
beforeAll(async () => {
  [driver, operator, customs] = await t.tokens('driver1', 'operator1', 'customs1');
});

const versions = (): TripVersionStore => ({ redis: t.platform.redis, prefix: t.prefix });

async function register(overrides: Partial<CreateTripRequestInput> = {}) {
  const req = tripRequest(overrides);
  const r = await t.call('POST', '/v1/trips', { token: driver, body: req });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as string, number: req.declarations![0]!, plate: req.vehicle.plate };
}

type View = { state: string; channel: string | null; expectedArrival: string; cargo: Array<{ description: string }> };
async function read(id: string): Promise<View> {
  const r = await t.call('GET', `/v1/trips/${id}`, { token: operator });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as View;
}

/** Reads twice: the second is answered by the version in Redis alone (the copy is kept). */
async function kept(id: string): Promise<View> {
  await read(id);
  const stampHits = tripRowCacheStats.stampHits;
  const view = await read(id);
  expect(tripRowCacheStats.stampHits).toBe(stampHits + 1);
  return view;
}

describe('every path that writes a trip row is seen by the next read', () => {
  it('a correction', async () => {
    const trip = await register();
    await kept(trip.id);
    const r = await t.call('PATCH', `/v1/trips/${trip.id}`, { token: driver, body: { expectedArrival: '2025-06-02T09:00:00+07:00', reason: 'later' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await read(trip.id)).expectedArrival).toBe('2025-06-02T02:00:00.000Z');
  });

  it("an agency's decision", async () => {
    const trip = await register();
    expect((await kept(trip.id)).channel).toBeNull();
    const r = await t.call('POST', '/v1/internal/agency-decisions', { token: customs, body: { declarationNumber: trip.number, channelCode: '2' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await read(trip.id)).channel).toBe('yellow');
  });

  it('a check-in, then an operator cancelling the live trip', async () => {
    const trip = await register();
    expect((await kept(trip.id)).state).toBe('registered');
    const r = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.plate } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await read(trip.id)).state).not.toBe('registered');
    const cancelled = await t.call('POST', `/v1/trips/${trip.id}/cancel`, { token: operator, body: { reason: 'driver turned around' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await read(trip.id)).state).toBe('cancelled');
    // The view takes a live trip's state from the scheduler: the row the process keeps must say it too.
    expect((await readTripRow(t.db.prisma, versions(), trip.id))?.state).toBe('cancelled');
  });

  it('a driver cancelling a registered trip', async () => {
    const trip = await register();
    await kept(trip.id);
    const r = await t.call('POST', `/v1/trips/${trip.id}/cancel`, { token: driver, body: {} });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await read(trip.id)).state).toBe('cancelled');
  });
});

describe('a writer killed between its commit and its end', () => {
  it('leaves the version withheld: the next read asks the database and sees the write', async () => {
    const trip = await register();
    await kept(trip.id);
    // Begun and committed, and never ended (its process died): the promise is left unsettled.
    let committed!: () => void;
    const done = new Promise<void>((r) => { committed = r; });
    void writingTrips(versions(), async (mark) => {
      await mark([trip.id]);
      // A read between the begin and the commit must not keep what it read under the version it saw.
      expect((await read(trip.id)).channel).toBeNull();
      await t.db.prisma.trip.update({ where: { id: trip.id }, data: { channel: 'red', channelCode: '3' } });
      committed();
      await new Promise(() => undefined);
    });
    await done;
    expect(await tripRowVersion(versions(), trip.id)).toBeNull();
    expect((await read(trip.id)).channel).toBe('red');
  });
});

/**
 * While `run` runs: for each command that `later` picks, whether it was sent while a command `earlier`
 * picks was still unanswered (one round trip for both, not one after the other's answer).
 */
async function sentBehind(earlier: (args: string[]) => boolean, later: (args: string[]) => boolean, run: () => Promise<void>): Promise<boolean[]> {
  // The tests' platform runs on one Redis (no cluster).
  const redis = t.platform.redis as Redis;
  const pending: { answered: boolean }[] = [];
  const behind: boolean[] = [];
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    const args = command.args.map(String);
    if (later(args)) behind.push(pending.some((p) => !p.answered));
    if (earlier(args)) {
      const sent = { answered: false };
      pending.push(sent);
      void command.promise.finally(() => { sent.answered = true; });
    }
    return send(command, stream);
  }) as typeof redis.sendCommand;
  try {
    await run();
  } finally {
    redis.sendCommand = send;
  }
  return behind;
}

const marksTripRow = (phase: 'begin' | 'end') => (args: string[]) => args.some((a) => a.includes('trip-row:')) && args.includes(phase);

describe("a writer's marks ride with work it awaits anyway", () => {
  it("a registration gives the trip its version in the same round trip as settling its place", async () => {
    let id = '';
    const behind = await sentBehind((args) => args.some((a) => a.endsWith(':settled')), marksTripRow('end'), async () => {
      id = (await register()).id;
    });
    expect(behind).toEqual([true]);
    expect(await tripRowVersion(versions(), id)).not.toBeNull();
  });

  it("a check-in's begin goes out with the scheduler's check-in", async () => {
    const trip = await register();
    const behind = await sentBehind(marksTripRow('begin'), (args) => args.some((a) => a.includes('{g:KT}')), async () => {
      const r = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.plate } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    });
    expect(behind).toContain(true);
    expect((await read(trip.id)).state).not.toBe('registered');
  });
});
