/**
 * A trip's stored part (its row with gate, vehicle, driver, cargo, containers, declarations and
 * revision count) kept in the process between reads, checked on every read against its version in
 * Redis, or when that is withheld, in the database.
 *
 * Why: a driver polls their trip every few seconds, and the row almost never changes between two
 * polls. The joined read of the row costs ~5 ms of CPU on PGlite (most of a trip read's cost,
 * benchmarks/RESULTS.md, issue 15); the check of its version costs ~0.7 ms. Only a changed row is
 * read again in full.
 *
 * Why it is never stale: the version is the row's `xmin` (the id of the transaction that wrote this
 * version of the row; PostgreSQL gives every UPDATE a new row version) together with `updated_at`
 * (the trip's ETag). Every change to what the view shows rewrites the trip row in the same
 * transaction: state, lane and stage (event consumer), channel and hold (agency decisions), and a
 * correction's cargo, containers, declarations and revision (correct-trip.ts updates the row with
 * them). The rows it joins that are not the trip's own never change in place: a vehicle's plate and a
 * gate's code are fixed, a driver row with other details is a new row (trip-records.ts driverFor).
 * The check runs after any write that committed before the read began, so a read sees its own
 * writes, in every API process. Checks of reads arriving together go in one statement (currentVersion).
 *
 * Cheaper still: every writer of a trip row also moves the trip's version in Redis (persist's
 * trip-row-version.ts says why that is never stale), so a copy kept under the version Redis gives
 * now is answered without the database; only a withheld or moved version goes to the check.
 */
import { Prisma, type PrismaClient } from '@borderflow/db';
import { TRIP_INCLUDE, type TripRow } from './trip-view.ts';
import { batchedRead } from '../batched-read.ts';
import { tripRowVersion, type TripVersionStore } from '@borderflow/persist';

/** Trips kept per process: a busy gate's active trips; the oldest cached is dropped beyond it. */
export const TRIP_ROW_CACHE_SIZE = 10_000;

interface Cached {
  /** The row's version in the database (xmin and updated_at). */
  version: string;
  /** Its version in Redis when it was read or last checked (persist's trip-row-version.ts), or null. */
  stamp: string | null;
  row: TripRow;
}

/** One cache per database client (tests open several databases in one process). */
const caches = new WeakMap<PrismaClient, Map<string, Cached>>();

function cacheOf(db: PrismaClient): Map<string, Cached> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Counts of the last reads, for tests and profiling: a hit cost only a version check (a stamp hit, Redis' only). */
export const tripRowCacheStats = { hits: 0, stampHits: 0, misses: 0, checkStatements: 0 };

function versionsOf(db: PrismaClient, ids: readonly string[]): Promise<Array<{ id: string; version: string }>> {
  return db.$queryRaw<Array<{ id: string; version: string }>>`
    SELECT "id", "xmin"::text || '/' || to_char("updated_at" AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSMS') AS "version"
    FROM "trips" WHERE "id" IN (${Prisma.join(ids)})`;
}

/**
 * The current version of a trip (undefined: no such trip). A poll storm of many drivers costs one
 * statement per batch, not one per read (the check was ~30 % of a read's CPU on PGlite, issue 15),
 * and is never staler than a statement of its own (batched-read.ts says why).
 */
const currentVersion = batchedRead(async (db: PrismaClient, ids) => {
  tripRowCacheStats.checkStatements++;
  return new Map((await versionsOf(db, ids)).map((r) => [r.id, r.version]));
});

/** The row's version in Redis, or null (ask the database) when Redis does not answer either. */
function stampOf(versions: TripVersionStore, tripId: string): Promise<string | null> {
  return tripRowVersion(versions, tripId).catch(() => null);
}

/**
 * The copy of a trip's row this process keeps, unchecked (undefined: none): what a read may ask
 * Redis about beside the check of its version (trip-read.ts). Never an answer by itself.
 */
export function keptTripRow(db: PrismaClient, tripId: string): TripRow | undefined {
  return caches.get(db)?.get(tripId)?.row;
}

/**
 * The trip's row with its relations as of now, or null when there is no such trip.
 *
 * @example
 * const row = await readTripRow(ctx.db, ctx, params.tripId);
 */
export async function readTripRow(db: PrismaClient, versions: TripVersionStore, tripId: string): Promise<TripRow | null> {
  // Read before the database: a copy kept under it is at least as new as every write that began before.
  const stamp = await stampOf(versions, tripId);
  const cache = cacheOf(db);
  const kept = cache.get(tripId);
  if (stamp !== null && kept?.stamp === stamp) {
    tripRowCacheStats.hits++;
    tripRowCacheStats.stampHits++;
    return kept.row;
  }
  const version = await currentVersion(db, tripId);
  if (version === undefined) {
    cache.delete(tripId);
    return null;
  }
  const cached = cache.get(tripId);
  if (cached && cached.version === version) {
    tripRowCacheStats.hits++;
    cached.stamp = stamp;
    return cached.row;
  }
  tripRowCacheStats.misses++;
  // The full read may see a newer version than the check did: it is then kept under the older
  // version, and the next read's check (which sees the newer one) reads it again. Never the reverse.
  const row = await db.trip.findUnique({ where: { id: tripId }, include: TRIP_INCLUDE });
  if (!row) {
    cache.delete(tripId);
    return null;
  }
  cache.delete(tripId);
  cache.set(tripId, { version, stamp, row });
  if (cache.size > TRIP_ROW_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return row;
}
