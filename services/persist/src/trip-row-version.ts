/**
 * A trip row's version in Redis, moved by every writer of the row, so that a read of an unchanged
 * trip is answered from the API process' copy of the row without asking the database (issue 15:
 * the row's version check in PostgreSQL was a quarter of a read's CPU on PGlite).
 *
 * Why a read never sees a stale row through it:
 * - Every write of a trip row is wrapped in `writingTrips`: the version moves (`seq`) and the trip
 *   counts as being written (`writing`) before the write, and moves again after its commit (or
 *   rollback). A copy kept under a version was read from the database after that version was seen,
 *   so any later write moves the version away from it.
 * - While a write is between its begin and end (committed or not) the version is withheld (false):
 *   the reader asks the database. This covers the commit-to-end gap, and two API processes alike.
 * - A writer killed between begin and end leaves `writing` up: the version is withheld until its
 *   lease (longer than any transaction may last) is over; by then its transaction has committed or
 *   rolled back, and a read of the database sees which.
 * - A lost hash (Redis restarted or flushed, or expired) is not known to the reader: withheld until a
 *   writer recreates it, with a new epoch (versions of before never come back) and, unless the write
 *   creates the trip, withheld for a lease more (writers of before may still be in flight).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';

/**
 * Longer than a write of trip rows may take from its begin to its commit: the event projection's
 * transaction may wait 30 s and run 60 s (store-events.ts); the API's wait 10 s and run 20 s.
 */
export const TRIP_WRITE_LEASE_MS = 180_000;
/** A trip's version is kept this long after its last write (an active trip is written within hours). */
export const TRIP_VERSION_KEEP_MS = 7 * 24 * 3_600_000;

const WRITE = readFileSync(new URL('./trip-row-write-n.lua', import.meta.url), 'utf8');
const VERSION = readFileSync(new URL('./trip-row-version-1.lua', import.meta.url), 'utf8');

type VersionRedis = (Redis | Cluster) & {
  /** The number of keys, the keys, then phase, epoch, lease ms, keep ms, creates (trip-row-write-n.lua). */
  bf_tripRowWrite(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  bf_tripRowVersion(key: string): Promise<string | null>;
};

const SCRIPTS: LuaCommands = { bf_tripRowVersion: { numberOfKeys: 1, lua: VERSION }, bf_tripRowWrite: { lua: WRITE } };
const withScripts = (redis: Redis | Cluster) => withLuaCommands<VersionRedis>(redis, SCRIPTS);

/** Where the versions are: the platform's Redis and its key prefix (default `bf:`). */
export interface TripVersionStore {
  redis: Redis | Cluster;
  prefix?: string;
}

/** One hash per trip (its own hash tag: a read knows only the trip's id). */
export const tripVersionKey = (store: TripVersionStore, tripId: string): string => `${store.prefix ?? 'bf:'}trip-row:{${tripId}}`;

/**
 * The trip row's current version, or null when a write of it may be in flight or it is not known:
 * the caller then asks the database.
 *
 * @example
 * const version = await tripRowVersion(ctx, tripId); // 'b1c…:4' or null
 */
export async function tripRowVersion(store: TripVersionStore, tripId: string): Promise<string | null> {
  return withScripts(store.redis).bf_tripRowVersion(tripVersionKey(store, tripId));
}

/**
 * Marks the writes of trips in one script call. On Redis Cluster each trip's hash has its own slot,
 * so there one call per trip, sent together (the same slot rarely holds two of a batch's trips).
 */
async function mark(store: TripVersionStore, tripIds: readonly string[], phase: 'begin' | 'end', creates: boolean): Promise<void> {
  if (tripIds.length === 0) return;
  const redis = withScripts(store.redis);
  const args = [phase, randomUUID(), TRIP_WRITE_LEASE_MS, TRIP_VERSION_KEEP_MS, creates ? '1' : '0'];
  const calls = redis.isCluster ? tripIds.map((id) => [id]) : [tripIds];
  await Promise.all(calls.map((ids) => redis.bf_tripRowWrite(ids.length, ...ids.map((id) => tripVersionKey(store, id)), ...args)));
}

/** Names the trips a write is about to change: call before the statement that writes them. */
export type MarkTrips = (tripIds: Iterable<string>) => Promise<void>;

/**
 * Runs a write of trip rows: `write` calls `mark` with the trips before it writes them (inside a
 * transaction too); after `write` settles (its transaction committed or rolled back) each marked
 * trip's version moves again.
 *
 * @example
 * await writingTrips(ctx, async (mark) => {
 *   await mark([tripId]);
 *   await ctx.db.trip.update({ where: { id: tripId }, data: { channel: 'red' } });
 * });
 */
export async function writingTrips<T>(store: TripVersionStore, write: (mark: MarkTrips) => Promise<T>): Promise<T> {
  const marked = new Set<string>();
  const begin: MarkTrips = async (tripIds) => {
    const fresh = [...new Set(tripIds)].filter((id) => !marked.has(id));
    await mark(store, fresh, 'begin', false);
    // Owed an end only once its begin is known to have counted: an end for a begin that failed would
    // lower another writer's count and let a read keep a copy while that writer is mid-write. A begin
    // that counted but whose answer was lost is covered by its lease.
    for (const id of fresh) marked.add(id);
  };
  try {
    return await write(begin);
  } finally {
    // An end lost (Redis away, the process killed) leaves the trip withheld until its lease is over.
    await mark(store, [...marked], 'end', false).catch(() => undefined);
  }
}

/**
 * Gives a trip just registered (committed) its version. No begin is needed: no one can have read
 * the row before it existed. Without it (lost, or a trip inserted elsewhere) its reads ask the database.
 *
 * @example
 * await tripCreated(ctx, row.id);
 */
export async function tripCreated(store: TripVersionStore, tripId: string): Promise<void> {
  await mark(store, [tripId], 'end', true);
}

/**
 * `writingTrips` for one trip known before the write.
 *
 * @example
 * await writingTrip(ctx, tripId, () => ctx.db.trip.update({ where: { id: tripId }, data }));
 */
export function writingTrip<T>(store: TripVersionStore, tripId: string, write: () => Promise<T>): Promise<T> {
  return writingTrips(store, async (mark) => {
    await mark([tripId]);
    return write();
  });
}
