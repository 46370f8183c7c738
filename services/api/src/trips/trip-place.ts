/**
 * A registration's place under the active-trip caps, reserved in Redis before the
 * registration's transaction and counted together with the trips the database holds.
 *
 * Why Redis and not a lock in PostgreSQL: a row lock on the company, held from the
 * count to the commit, serialised every registration of a company (a forwarder
 * registering a convoy, the demo feeder, the API benchmark) and under load queued
 * them past their clients' timeouts. Here the check-and-reserve is one Lua script,
 * atomic across every API process, and nothing waits.
 *
 * Reconciliation is built in: the database is the truth for committed trips (read
 * in one statement), Redis only holds the registrations still in flight (each with
 * the new trip's id, expiring after RESERVATION_MS), and the script counts each id
 * once. A cancelled, crossed or dropped trip stops counting at once; a reservation
 * whose registration failed is removed, and one left by a crashed process expires.
 * A committed one is settled: it leaves the in-flight set (left there for its minute, every
 * check of a busy company carried thousands of ids to the database and back) into a set
 * stamped with Redis's time, which a check reads only from the moment it read the database:
 * a trip committed after that read is counted from there, never by neither.
 */
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';
import { Prisma, type PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import { capError, tripCapsFrom, type TripCaps } from './trip-caps.ts';
import { ACTIVE_STATES_SQL } from './trip-records.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Longer than a registration's transaction may last (prisma/src/client.ts: 10 s wait + 20 s). */
export const RESERVATION_MS = 60_000;

const SCRIPT = readFileSync(new URL('./trip-place.lua', import.meta.url), 'utf8');
const SETTLE = readFileSync(new URL('./trip-place-settle.lua', import.meta.url), 'utf8');
const READ = readFileSync(new URL('./trip-place-read.lua', import.meta.url), 'utf8');

type PlaceRedis = Redis & {
  bf_reserveTripPlace(...keysAndArgs: (string | number)[]): Promise<string>;
  bf_settleTripPlace(...keysAndArgs: (string | number)[]): Promise<number>;
  bf_readTripPlace(scopeKey: string): Promise<[string, string, string[]]>;
};

const SCRIPTS: LuaCommands = {
  bf_reserveTripPlace: { numberOfKeys: 4, lua: SCRIPT },
  bf_settleTripPlace: { numberOfKeys: 4, lua: SETTLE },
  bf_readTripPlace: { numberOfKeys: 1, lua: READ },
};
/** The client with the scripts defined on it (exported for the tests that call a script with arguments of their own). */
export const withScript = (redis: Redis | Cluster) => withLuaCommands<PlaceRedis>(redis, SCRIPTS);

/**
 * The cap's keys of one scope (company, or `user:<id>` for an account without one) and one driver,
 * under the platform's key prefix like every other key, so two platforms (or two tests) on one Redis
 * never share a cap. All four share the scope's hash tag: one Cluster slot for the script.
 * With the default prefix `bf:` the names are those used before the prefix was applied, and any other
 * prefix starts from empty sets at most one RESERVATION_MS after a deploy: the in-flight sets expire with
 * their newest reservation (trip-place.lua's PEXPIREAT) and the settled ones RESERVATION_MS after their
 * last settle, and the database counts every committed trip meanwhile.
 * @example
 * tripCapKeys('bf:', 'company-1', '+84912345678').driver; // 'bf:trip-cap:{company-1}:driver:+84912345678'
 */
export function tripCapKeys(prefix: string, scope: string, driverPhone: string) {
  const base = `${prefix}trip-cap:{${scope}}:`;
  return {
    scope: `${base}trips`,
    driver: `${base}driver:${driverPhone}`,
    settledScope: `${base}settled`,
    settledDriver: `${base}settled:${driverPhone}`,
  };
}

export interface TripPlace {
  /** Gives the place back (the registration failed). */
  release(): Promise<void>;
  /** The registration has committed: the database counts the trip from now on. */
  settle(): Promise<void>;
}

/** What the cap's statement (capCountsSql) reads: both counts, and which in-flight ids are trips already. */
export interface CapCounts {
  scope_active: number;
  driver_active: number;
  committed: string[];
}

/**
 * A place being checked: Redis read first (its time and the ids in flight), then the database's
 * side, then the script. The database's side is a statement the caller runs where it costs least:
 * reserveTripPlace alone, a registration inside its own first statement (register-trip.ts).
 */
export interface PlaceCheck {
  /** The statement that counts (capCountsSql for the ids this check read in flight); its one row goes to `admit`. */
  counts: Prisma.Sql;
  /**
   * Reserves the place with the counts `counts` read, or throws 409 naming the full cap. A refusal is
   * checked once more from Redis on, its statement run by `recount` (the caller's transaction or the pool).
   */
  admit(row: CapCounts, recount: (sql: Prisma.Sql) => Promise<CapCounts>): Promise<TripPlace>;
}

/**
 * Reserves a place for trip `tripId` of `userId` with the driver `driverPhone`, or throws 409
 * naming the full cap. Both keys share one hash tag (the scope), so the script runs on Redis Cluster.
 *
 * @example
 * const place = await reserveTripPlace(ctx, { userId, driverPhone, tripId });
 * try { await registerTrip(…, tripId); } catch (err) { await place.release(); throw err; }
 */
export async function reserveTripPlace(
  ctx: { redis: Redis | Cluster; db: PrismaClient; prefix: string },
  subject: { userId: string; driverPhone: string; tripId: string },
  caps: TripCaps = tripCapsFrom(process.env),
): Promise<TripPlace> {
  const check = await checkTripPlace(ctx, subject, caps);
  const counts = (sql: Prisma.Sql) => capCountsOf(ctx.db, sql);
  return check.admit(await counts(check.counts), counts);
}

/**
 * The first half of reserveTripPlace: the account's scope, the Redis read and the statement to run.
 *
 * @example
 * const check = await checkTripPlace(ctx, { userId, driverPhone, tripId });
 * const place = await check.admit(await capCountsOf(tx, check.counts), (sql) => capCountsOf(tx, sql));
 */
export async function checkTripPlace(
  ctx: { redis: Redis | Cluster; db: PrismaClient; prefix: string },
  subject: { userId: string; driverPhone: string; tripId: string },
  caps: TripCaps = tripCapsFrom(process.env),
): Promise<PlaceCheck> {
  const { redis } = ctx;
  const companyId = await companyOf(ctx.db, subject.userId);
  const capKeys = tripCapKeys(ctx.prefix, companyId ?? `user:${subject.userId}`, subject.driverPhone);
  const { scope: scopeKey, driver: driverKey } = capKeys;
  const keys = [scopeKey, driverKey, capKeys.settledScope, capKeys.settledDriver];
  const r = withScript(redis);

  // Counts, not rows: a company's active trips can run to thousands, and each registration would
  // otherwise load them all. First the registrations in flight, then the database in one statement:
  // both counts, and which of those in flight it already holds (counted there if active, not again
  // from Redis).
  const readInFlight = async () => {
    const [seconds, micros, inFlight] = await r.bf_readTripPlace(scopeKey);
    const readAt = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return { readAt, counts: capCountsSql({ userId: subject.userId, companyId }, subject.driverPhone, inFlight, caps) };
  };
  const reserve = (read: { readAt: number }, { scope_active, driver_active, committed }: CapCounts) => {
    const now = Date.now();
    return r.bf_reserveTripPlace(
      ...keys,
      now, now + RESERVATION_MS, caps.perDriver, caps.perCompany, subject.tripId,
      scope_active, driver_active, read.readAt, committed.length, ...committed,
    );
  };
  const first = await readInFlight();
  return {
    counts: first.counts,
    async admit(row, recount) {
      let answer = await reserve(first, row);
      // A reservation made and committed between the two reads is counted twice: conservative (never
      // oversells), so a refusal is re-checked once, when that reservation is among those read first.
      if (answer !== 'ok') {
        const again = await readInFlight();
        answer = await reserve(again, await recount(again.counts));
      }
      if (answer === 'driver' || answer === 'scope') throw capError(answer, caps);
      return {
        async release() {
          await redis.multi().zrem(scopeKey, subject.tripId).zrem(driverKey, subject.tripId).exec();
        },
        async settle() {
          await r.bf_settleTripPlace(...keys, subject.tripId, RESERVATION_MS);
        },
      };
    },
  };
}

/** Accounts whose company this process has read, per database client (tests open several). */
const companies = new WeakMap<PrismaClient, Map<string, string | null>>();
/** Enough for every account registering in a busy hour; past it the map starts over. */
const MAX_KNOWN_ACCOUNTS = 10_000;

/**
 * The account's company, which picks the cap's Redis keys before anything else is read. It is set when
 * the account is created and never changed (routes/admin-users.ts), so each process reads it once per
 * account: a statement and a Prisma query fewer per registration (~0.5 ms of server CPU at load 15).
 * An account that is not there is refused, and not remembered.
 */
async function companyOf(db: PrismaClient, userId: string): Promise<string | null> {
  let known = companies.get(db);
  if (!known) companies.set(db, (known = new Map()));
  const remembered = known.get(userId);
  if (remembered !== undefined) return remembered;
  const user = await db.user.findUnique({ where: { id: userId }, select: { companyId: true } });
  if (!user) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountGone);
  if (known.size >= MAX_KNOWN_ACCOUNTS) known.clear();
  known.set(userId, user.companyId);
  return user.companyId;
}

/**
 * Runs the cap's statement (capCountsSql) on the pool or in a transaction.
 * One statement: three Prisma queries cost three times Prisma's per-query CPU here.
 */
export async function capCountsOf(db: Pick<PrismaClient, '$queryRaw'>, counts: Prisma.Sql): Promise<CapCounts> {
  const [row] = await db.$queryRaw<CapCounts[]>(counts);
  return row!;
}

type CapScope = { userId: string; companyId: string | null };

/**
 * The statement of capCounts, apart so a test can read its plan. The driver's count starts from the
 * phone's driver rows and reads only their trips (drivers_phone_idx, trips_driver_id_state_idx): from
 * the company's side it walked every active trip of the company (~1.4 ms of PostgreSQL a registration
 * at ~500 of them, and growing). The order is fixed, not left to statistics: a table that grew since it
 * was last analysed (a fresh database, a busy morning) looks almost empty and the company's index
 * cheapest. So the trips are read per driver (LATERAL … OFFSET 0 keeps the join in that order) and the
 * scope is compared in a form no index serves (IS NOT DISTINCT FROM), leaving the driver's index.
 * The driver's count stops at its cap: the script only asks whether count + in flight reaches the cap,
 * and a count of `cap` answers that as the full count would. The scope's count is the sum of its rows in
 * active_trip_counts (kept by a trigger on trips, migration 20261207190000_active_trip_counts), capped
 * the same way: counting the trips read every active trip of the company, up to the cap, on every
 * registration (~0.23 µs of PostgreSQL each: 1.3 ms at 5,000 of them, benchmarks/RESULTS.md regs10).
 * The in-flight ids already committed are looked up one by one by the trips' key (LATERAL … OFFSET 0, as above):
 * as `t."id" IN (…)` the planner took the ids for 100 rows and the trips for few, and hashed them against a
 * sequential scan of every trip, ended ones too (~0.22 µs of PostgreSQL a trip on every registration: 1.3 ms at
 * 6,000 trips, growing all day; benchmarks/RESULTS.md regs11).
 * The in-flight ids travel as one JSON parameter, so the text is the
 * same whatever their number: it stays one named statement (prisma/src/statement-names.ts), alone or
 * inside a registration's first statement.
 */
export function capCountsSql(scope: CapScope, driverPhone: string, inFlight: string[], caps: TripCaps): Prisma.Sql {
  // The key trip_cap_scope() gives the scope's trips (the migration above): the same trips as capScopeWhere.
  const scopeKey = scope.companyId !== null ? `c:${scope.companyId}` : `u:${scope.userId}`;
  const inScopeByDriver =
    scope.companyId !== null
      ? Prisma.sql`t."company_id" IS NOT DISTINCT FROM ${scope.companyId}`
      : Prisma.sql`t."created_by_id" IS NOT DISTINCT FROM ${scope.userId} AND t."company_id" IS NOT DISTINCT FROM NULL`;
  return Prisma.sql`
    SELECT
      (SELECT LEAST(COALESCE(sum(n."active"), 0), CAST(${caps.perCompany} AS int))::int FROM "active_trip_counts" n
        WHERE n."scope" = ${scopeKey}) AS "scope_active",
      (SELECT count(*)::int FROM (SELECT 1 FROM "drivers" d CROSS JOIN LATERAL (
          SELECT 1 FROM "trips" t WHERE t."driver_id" = d."id" AND t."state" IN ${ACTIVE_STATES_SQL} AND ${inScopeByDriver} OFFSET 0) x
        WHERE d."phone" = ${driverPhone} LIMIT CAST(${caps.perDriver} AS int)) s) AS "driver_active",
      ARRAY(SELECT k."id" FROM jsonb_array_elements_text(CAST(${JSON.stringify(inFlight)} AS jsonb)) AS k("id")
        CROSS JOIN LATERAL (SELECT 1 FROM "trips" t WHERE t."id" = k."id" OFFSET 0) x) AS "committed"`;
}
