/**
 * A committed registration's reservation is settled, not kept in flight (trip-place.ts). The race that
 * settling must not lose: registration B commits and leaves the in-flight set after A has read the
 * database and before A's script runs. B is then in neither count unless the script reads the settled
 * set from the moment A read the database; here B is run exactly in that gap.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ZCreateTripRequestSchema } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';
import { registerWithinCaps } from './register-within-caps.ts';
import { reserveTripPlace } from './trip-place.ts';
import type { Principal } from '../auth/jwt.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

it('a trip committed between a check reading the database and its script still counts against the cap', async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true } });
  const who: Principal = { id: user.id, username: 'driver1', role: 'driver' };
  const ctx = { db: t.db.prisma, redis: t.platform.redis, prefix: t.prefix };
  const request = ZCreateTripRequestSchema.parse(tripRequest({ driver: { fullName: 'Lù Văn Tư', phone: uniquePhone() } }));
  let racedId: string | null = null;
  // The database itself; only its cap count is followed by B's whole registration, before A's script.
  const raced = new Proxy(t.db.prisma, {
    get(target, key, receiver) {
      if (key !== '$queryRaw') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<PrismaClient['$queryRaw']>) => {
        const counts = await target.$queryRaw(...args);
        if (racedId === null) racedId = (await registerWithinCaps(ctx, who, request)).id;
        return counts;
      };
    },
  }) as PrismaClient;
  const caps = { perDriver: 1, perCompany: 1_000 };
  await expect(reserveTripPlace(ctx.redis, raced, { userId: who.id, driverPhone: request.driver.phone, tripId: 'a-trip' }, caps))
    .rejects.toMatchObject({ status: 409, code: 'CONFLICT', field: 'driver.phone' });
  expect(racedId).not.toBeNull();
});
