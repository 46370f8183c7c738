/**
 * The trip row kept between reads (trip-row-cache.ts) is never older than the database: any
 * rewrite of the row is seen, even one that leaves `updated_at` as it was (raw SQL, or two
 * writes in one millisecond), and a deleted trip is gone. Every writer of a trip row marks its
 * write (persist's writingTrip), as these tests' own writes do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { writingTrip, type TripVersionStore } from '@borderflow/persist';
import { readTripRow, tripRowCacheStats } from './trip-row-cache.ts';

let t: TestApi;
let driver: string;
beforeAll(async () => {
  t = await startTestApi({ role: 'api' });
  driver = await t.token('driver1');
});
afterAll(() => t?.close());

const versions = (): TripVersionStore => ({ redis: t.platform.redis, prefix: t.prefix });
const read = (id: string) => readTripRow(t.db.prisma, versions(), id);

async function register(): Promise<string> {
  const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

describe('trip row cache', () => {
  it('answers an unchanged trip from the cache, a changed one from the database', async () => {
    const id = await register();
    const db = t.db.prisma;
    const first = await read(id);
    const hits = tripRowCacheStats.hits;
    const second = await read(id);
    expect(tripRowCacheStats.hits).toBe(hits + 1);
    expect(second).toBe(first);

    // A rewrite that keeps updated_at (no Prisma @updatedAt here): the row's xmin still moves.
    await writingTrip(versions(), id, () => db.$executeRaw`UPDATE "trips" SET "channel_code" = 'X-CACHE-TEST' WHERE "id" = ${id}`);
    const changed = await read(id);
    expect(changed?.channelCode).toBe('X-CACHE-TEST');
    expect(changed?.updatedAt.getTime()).toBe(first?.updatedAt.getTime());

    // Child rows rewritten with the trip in one transaction (as a correction does) show at once.
    await writingTrip(versions(), id, () => db.$transaction(async (tx) => {
      await tx.trip.update({ where: { id }, data: { channelCode: 'X-CACHE-TEST-2' } });
      await tx.cargoItem.updateMany({ where: { tripId: id }, data: { description: 'changed in the cache test' } });
    }));
    const corrected = await read(id);
    expect(corrected?.channelCode).toBe('X-CACHE-TEST-2');
    expect(corrected?.cargo.every((c) => c.description === 'changed in the cache test')).toBe(true);
  });

  it('a read through the API sees each change made between two polls', async () => {
    const id = await register();
    const read = async () => (await t.call('GET', `/v1/trips/${id}`, { token: driver })).body as { channel: string | null; cargo: Array<{ description: string }> };
    await read();
    await writingTrip(versions(), id, () => t.db.prisma.$transaction(async (tx) => {
      await tx.trip.update({ where: { id }, data: { channel: 'red' } });
      await tx.cargoItem.updateMany({ where: { tripId: id }, data: { description: 'second poll sees this' } });
    }));
    const after = await read();
    expect(after.channel).toBe('red');
    expect(after.cargo[0]?.description).toBe('second poll sees this');
  });

  it('checks reads arriving together in one statement, each answered with its own trip', async () => {
    const ids = [await register(), await register(), await register()];
    const db = t.db.prisma;
    await Promise.all(ids.map((id) => read(id)));
    const statements = tripRowCacheStats.checkStatements;
    const rows = await Promise.all([...ids, 'no-such-trip'].map((id) => read(id)));
    expect(rows.map((r) => r?.id ?? null)).toEqual([...ids, null]);
    expect(tripRowCacheStats.checkStatements).toBe(statements + 1);
    // A change committed before the next reads arrive is seen by them, batched or not.
    await writingTrip(versions(), ids[1]!, () => db.$executeRaw`UPDATE "trips" SET "channel_code" = 'X-BATCH' WHERE "id" = ${ids[1]}`);
    const again = await Promise.all(ids.map((id) => read(id)));
    expect(again.map((r) => r?.channelCode)).toEqual([rows[0]?.channelCode, 'X-BATCH', rows[2]?.channelCode]);
  });

  it("a read whose id fails the shared statement fails alone: the others' reads still answer", async () => {
    const id = await register();
    // A NUL byte is no valid text for PostgreSQL (routes refuse it before; this reaches the statement).
    const [good, bad] = await Promise.allSettled([read(id), read('bad\u0000id')]);
    expect(good.status === 'fulfilled' && good.value?.id).toBe(id);
    expect(bad.status).toBe('rejected');
  });

  it('forgets a deleted trip', async () => {
    const id = await register();
    const db = t.db.prisma;
    expect(await read(id)).not.toBeNull();
    await writingTrip(versions(), id, () => db.$transaction([
      db.cargoItem.deleteMany({ where: { tripId: id } }),
      db.container.deleteMany({ where: { tripId: id } }),
      db.declaration.deleteMany({ where: { tripId: id } }),
      db.trip.delete({ where: { id } }),
    ]));
    expect(await read(id)).toBeNull();
  });
});
