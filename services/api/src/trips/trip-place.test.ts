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
import { capCountsSql, reserveTripPlace, tripCapKeys, withScript } from './trip-place.ts';
import { Prisma } from '@borderflow/db';
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
  await expect(reserveTripPlace({ ...ctx, db: raced }, { userId: who.id, driverPhone: request.driver.phone, tripId: 'a-trip' }, caps))
    .rejects.toMatchObject({ status: 409, code: 'CONFLICT', field: 'driver.phone' });
  expect(racedId).not.toBeNull();
});

/**
 * A busy forwarder's trips, each with its own driver and truck: trip i is driven by driver i (phone `phones` + i on 6
 * digits), the first `active` registered, the rest crossed. Not analysed after: the planner takes the tables for
 * nearly empty, as in a fresh database.
 */
async function insertTrips(o: {
  tag: string; phones: string; plates: string; drivers: number; trips: number; active: number; gateId: string; userId: string; companyId: string | null;
}): Promise<void> {
  await t.db.prisma.$executeRaw`
    WITH d AS (
      INSERT INTO "drivers" ("id", "full_name", "phone")
      SELECT ${o.tag} || '-d-' || i, 'Lù Văn Tư', ${o.phones} || lpad(i::text, 6, '0') FROM generate_series(1, ${o.drivers}::int) i RETURNING "id"
    ), v AS (
      INSERT INTO "vehicles" ("id", "plate", "plate_display", "kind", "country", "company_id")
      SELECT ${o.tag} || '-v-' || i, ${o.plates} || lpad(i::text, 5, '0'), ${o.plates} || '-' || i, 'truck', 'VN', ${o.companyId}
      FROM generate_series(1, ${o.trips}::int) i RETURNING "id"
    )
    INSERT INTO "trips" ("id", "gate_id", "direction", "state", "priority_class", "vehicle_id", "driver_id", "created_by_id", "company_id",
      "expected_arrival", "stages", "qr_token", "updated_at")
    SELECT ${o.tag} || '-t-' || i, ${o.gateId}, 'exit', CAST(CASE WHEN i <= ${o.active}::int THEN 'registered' ELSE 'crossed' END AS "trip_state"),
      'ordinary', ${o.tag} || '-v-' || i, ${o.tag} || '-d-' || i, ${o.userId}, ${o.companyId}, now(), ARRAY['documents', 'gate'], ${o.tag} || '-q-' || i, now()
    FROM generate_series(1, ${o.trips}::int) i`;
}

it("the driver's cap count starts from the phone's driver rows, not from every active trip of the company", async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true, companyId: true } });
  const gate = await t.db.prisma.gate.findFirstOrThrow({ select: { id: true } });
  // A busy forwarder: 300 active trips, each with its own driver and truck, among 3,000 drivers.
  await insertTrips({ tag: 'plan', phones: '+84911', plates: '99C', drivers: 3000, trips: 300, active: 300, gateId: gate.id, userId: user.id, companyId: user.companyId });
  // Not analysed since: the planner takes the tables for nearly empty, as in a fresh database.
  const counts = capCountsSql({ userId: user.id, companyId: user.companyId }, '+84911000007', [], { perDriver: 2, perCompany: 1_000_000 });
  const [plan] = await t.db.prisma.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>(Prisma.sql`EXPLAIN (FORMAT JSON) ${counts}`);
  const text = JSON.stringify(plan!['QUERY PLAN']);
  expect(text).toContain('drivers_phone_idx');
  expect(text).toContain('trips_driver_id_state_idx');
  const [row] = await t.db.prisma.$queryRaw<Array<{ scope_active: number; driver_active: number }>>(counts);
  expect(row!.driver_active).toBe(1);
  expect(row!.scope_active).toBeGreaterThanOrEqual(300);
});

/** Rows that the nodes of a JSON plan read from `table`, by their actual counts (EXPLAIN ANALYZE). */
function rowsReadFrom(plan: unknown, table: string): number {
  const node = plan as { 'Relation Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; Plans?: unknown[] };
  const own = node['Relation Name'] === table ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce<number>((sum, child) => sum + rowsReadFrom(child, table), 0);
}

it("the company's cap count reads no trip rows, whatever the number of its active trips", async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true } });
  const gate = await t.db.prisma.gate.findFirstOrThrow({ select: { id: true } });
  const company = await t.db.prisma.company.create({ data: { name: 'Busy forwarder', taxCode: '0109999997' }, select: { id: true } });
  // 400 active trips and 100 ended ones of one company.
  await insertTrips({ tag: 'busy', phones: '+84912', plates: '98C', drivers: 500, trips: 500, active: 400, gateId: gate.id, userId: user.id, companyId: company.id });
  const scope = { userId: user.id, companyId: company.id };
  const counts = capCountsSql(scope, '+84912000007', [], { perDriver: 2, perCompany: 1_000_000 });
  const [row] = await t.db.prisma.$queryRaw<Array<{ scope_active: number; driver_active: number }>>(counts);
  expect(row).toMatchObject({ scope_active: 400, driver_active: 1 });
  // Only the driver's own (a plan may pass its one trip through two nodes); it read every active trip of the
  // company (up to the cap) on every registration: 400 rows here.
  const [plan] = await t.db.prisma.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${counts}`);
  const planned = plan!['QUERY PLAN'];
  const root = (typeof planned === 'string' ? JSON.parse(planned) : planned) as Array<{ Plan: unknown }>;
  expect(rowsReadFrom(root[0]!.Plan, 'trips')).toBeLessThan(10);
  // Capped as the count was (LIMIT cap): the script only asks whether count + in flight reaches the cap.
  const [capped] = await t.db.prisma.$queryRaw<Array<{ scope_active: number }>>(capCountsSql(scope, '+84912000007', [], { perDriver: 2, perCompany: 150 }));
  expect(capped!.scope_active).toBe(150);
  // A trip that ends stops counting at once.
  await t.db.prisma.$executeRaw`UPDATE "trips" SET "state" = 'cancelled' WHERE "id" IN ('busy-t-1', 'busy-t-2')`;
  const [after] = await t.db.prisma.$queryRaw<Array<{ scope_active: number }>>(counts);
  expect(after!.scope_active).toBe(398);
});

it('the in-flight ids already committed are found by their keys, not by reading every trip', async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true, companyId: true } });
  const gate = await t.db.prisma.gate.findFirstOrThrow({ select: { id: true } });
  // 600 trips, none in this check's scope: the ids in flight are what matters, not the trips around them.
  await insertTrips({ tag: 'many', phones: '+84913', plates: '97C', drivers: 600, trips: 600, active: 100, gateId: gate.id, userId: user.id, companyId: null });
  const inFlight = ['many-t-7', 'not-yet-committed', 'many-t-500'];
  const counts = capCountsSql({ userId: user.id, companyId: user.companyId }, uniquePhone(), inFlight, { perDriver: 2, perCompany: 1_000_000 });
  const [row] = await t.db.prisma.$queryRaw<Array<{ committed: string[] }>>(counts);
  expect([...row!.committed].sort()).toEqual(['many-t-500', 'many-t-7']);
  // It read every trip of the table (a hash join over a sequential scan: the planner takes the ids for 100
  // and the table, never analysed during a busy run, for small): ~0.22 µs of PostgreSQL a trip on every
  // registration, 1.3 ms at 6,000 trips (benchmarks/RESULTS.md, regs11).
  const [plan] = await t.db.prisma.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${counts}`);
  const planned = plan!['QUERY PLAN'];
  const root = (typeof planned === 'string' ? JSON.parse(planned) : planned) as Array<{ Plan: unknown }>;
  expect(rowsReadFrom(root[0]!.Plan, 'trips')).toBeLessThan(10);
});

it("reads an account's company once: its cap's keys for every later registration come from the first read", async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true } });
  let lookups = 0;
  const users = new Proxy(t.db.prisma.user, {
    get(target, key, receiver) {
      if (key === 'findUnique') lookups++;
      return Reflect.get(target, key, receiver);
    },
  });
  const counted = new Proxy(t.db.prisma, {
    get: (target, key, receiver) => (key === 'user' ? users : Reflect.get(target, key, receiver)),
  }) as PrismaClient;
  // The test above filled the company's default cap of 200.
  const caps = { perDriver: 2, perCompany: 1_000_000 };
  for (const tripId of ['once-1', 'once-2', 'once-3']) {
    const place = await reserveTripPlace({ redis: t.platform.redis, db: counted, prefix: t.prefix }, { userId: user.id, driverPhone: uniquePhone(), tripId }, caps);
    await place.release();
  }
  expect(lookups).toBe(1);
  // An account that is not there is refused every time, never remembered.
  for (let i = 0; i < 2; i++) {
    await expect(reserveTripPlace({ redis: t.platform.redis, db: counted, prefix: t.prefix }, { userId: 'no-such-account', driverPhone: uniquePhone(), tripId: `gone-${i}` }, caps))
      .rejects.toMatchObject({ status: 401 });
  }
  expect(lookups).toBe(3);
});

it("a check reads Redis's time and the ids in flight with one script call, not a MULTI", async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true } });
  // ioredis' multi() builds its pipeline with a copy of every script defined on the client (the shared
  // connection's pipeline(), which auto-pipelining uses, does not: redis-connection.ts): ~5 % of a
  // registration's CPU (benchmarks/RESULTS.md, regs5). The release, on a failure only, still uses one.
  const batches: string[] = [];
  const redis = new Proxy(t.platform.redis, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'multi' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        batches.push(key);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const place = await reserveTripPlace({ redis, db: t.db.prisma, prefix: t.prefix }, { userId: user.id, driverPhone: uniquePhone(), tripId: 'one-read-1' },
    { perDriver: 2, perCompany: 1_000_000 });
  await place.settle();
  expect(batches).toEqual([]);
});

it("two platforms with their own key prefixes on one Redis do not share a cap", async () => {
  const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'driver1' }, select: { id: true, companyId: true } });
  const driverPhone = uniquePhone();
  const caps = { perDriver: 1, perCompany: 1_000_000 };
  // Under this test's prefix, so its cleanup takes the second platform's keys too.
  const other = `${t.prefix}other:`;
  // The first platform's registration is in flight (its place held, not yet committed) ...
  const held = await reserveTripPlace({ redis: t.platform.redis, db: t.db.prisma, prefix: t.prefix }, { userId: user.id, driverPhone, tripId: 'mine-1' }, caps);
  // ... and a second platform on the same Redis counts only its own: the driver's place there is free.
  const there = await reserveTripPlace({ redis: t.platform.redis, db: t.db.prisma, prefix: other }, { userId: user.id, driverPhone, tripId: 'theirs-1' }, caps);
  expect(await t.platform.redis.zrange(tripCapKeys(t.prefix, user.companyId!, driverPhone).driver, 0, -1)).toEqual(['mine-1']);
  expect(await t.platform.redis.zrange(tripCapKeys(other, user.companyId!, driverPhone).driver, 0, -1)).toEqual(['theirs-1']);
  // Each platform's own cap still holds.
  await expect(reserveTripPlace({ redis: t.platform.redis, db: t.db.prisma, prefix: t.prefix }, { userId: user.id, driverPhone, tripId: 'mine-2' }, caps))
    .rejects.toMatchObject({ status: 409, field: 'driver.phone' });
  await Promise.all([held.release(), there.release()]);
});

it('a reservation refused by its script writes nothing: a bad expiry, or a cap key of the wrong type', async () => {
  const redis = t.platform.redis;
  const k = tripCapKeys(t.prefix, 'refused-scope', '+84900000001');
  const keys = [k.scope, k.driver, k.settledScope, k.settledDriver];
  const now = Date.now();
  // An expiry that is not whole ms: PEXPIREAT refused it after both reservations were added, which then never expired.
  const refusal = await withScript(redis).bf_reserveTripPlace(...keys, now, `${now + 60_000}.5`, 2, 200, 'trip-1', 0, 0, now, 0)
    .catch((err: Error) => err.message);
  expect(await redis.exists(k.scope, k.driver)).toBe(0);
  expect(refusal).toMatch(/ARGV\[2\] must be a finite number of whole ms/);
  // A scope key of another type (planted): refused before the driver's expired reservation is cleared.
  await redis.set(k.scope, 'not a sorted set');
  await redis.zadd(k.driver, now - 1, 'expired-trip');
  const wrongType = await withScript(redis).bf_reserveTripPlace(...keys, now, now + 60_000, 2, 200, 'trip-1', 0, 0, now, 0)
    .catch((err: Error) => err.message);
  expect(await redis.zrange(k.driver, 0, -1)).toEqual(['expired-trip']);
  expect(await redis.get(k.scope)).toBe('not a sorted set');
  expect(wrongType).toMatch(/WRONGTYPE/);
});
