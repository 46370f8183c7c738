/**
 * A trip's stored part (its row with gate, vehicle, driver, cargo, containers, declarations and
 * revision count) kept in the process between reads, checked against the database on every read.
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
 */
import type { PrismaClient } from '@borderflow/db';
import { TRIP_INCLUDE, type TripRow } from './trip-view.ts';

/** Trips kept per process: a busy gate's active trips; the oldest cached is dropped beyond it. */
export const TRIP_ROW_CACHE_SIZE = 10_000;

interface Cached {
  version: string;
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

/** Counts of the last reads, for tests and profiling: a hit cost only the version check. */
export const tripRowCacheStats = { hits: 0, misses: 0, checkStatements: 0 };

/** Reads waiting for one version statement, and whether one is running (one at a time per database). */
interface VersionChecks {
  /** Not sent yet: a read joining it is checked by a statement that starts after the read began. */
  gathering: { ids: Set<string>; done: Promise<Map<string, string>>; settle: (sent: Promise<Map<string, string>>) => void } | null;
  running: boolean;
}

const checks = new WeakMap<PrismaClient, VersionChecks>();

function sendChecks(db: PrismaClient, state: VersionChecks): void {
  const batch = state.gathering;
  if (!batch || state.running) return;
  state.gathering = null;
  state.running = true;
  tripRowCacheStats.checkStatements++;
  const sent = db.$queryRaw<Array<{ id: string; version: string }>>`
    SELECT "id", "xmin"::text || '/' || to_char("updated_at" AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSMS') AS "version"
    FROM "trips" WHERE "id" = ANY(${[...batch.ids]}::text[])`
    .then((rows) => new Map(rows.map((r) => [r.id, r.version])));
  batch.settle(sent);
  void sent.catch(() => undefined).finally(() => {
    state.running = false;
    // Let the requests that arrived meanwhile be read first: they join the next statement.
    setImmediate(() => sendChecks(db, state));
  });
}

/**
 * The current version of `tripId` (undefined: no such trip). Reads that arrive together share one
 * statement: a poll storm of many drivers costs one statement per batch, not one per read (the check
 * was ~30 % of a read's CPU on PGlite, issue 15). A read joins only a batch not yet sent, so its check
 * starts after the read began and sees every write committed before: never staler than a statement
 * of its own.
 */
async function currentVersion(db: PrismaClient, tripId: string): Promise<string | undefined> {
  let state = checks.get(db);
  if (!state) {
    state = { gathering: null, running: false };
    checks.set(db, state);
  }
  if (!state.gathering) {
    let settle!: (sent: Promise<Map<string, string>>) => void;
    const done = new Promise<Map<string, string>>((resolve) => { settle = resolve; });
    state.gathering = { ids: new Set(), done, settle };
    const s = state;
    // The reads parsed in this turn of the event loop join it; one waiting for a running statement goes when it ends.
    if (!state.running) setImmediate(() => sendChecks(db, s));
  }
  state.gathering.ids.add(tripId);
  return (await state.gathering.done).get(tripId);
}

/**
 * The trip's row with its relations as of now, or null when there is no such trip.
 *
 * @example
 * const row = await readTripRow(ctx.db, params.tripId);
 */
export async function readTripRow(db: PrismaClient, tripId: string): Promise<TripRow | null> {
  const version = await currentVersion(db, tripId);
  const cache = cacheOf(db);
  if (version === undefined) {
    cache.delete(tripId);
    return null;
  }
  const cached = cache.get(tripId);
  if (cached && cached.version === version) {
    tripRowCacheStats.hits++;
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
  cache.set(tripId, { version, row });
  if (cache.size > TRIP_ROW_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return row;
}

