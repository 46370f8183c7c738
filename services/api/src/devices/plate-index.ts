/**
 * A gate's plate index in Redis: which trips a yard camera's read can be, found with a handful of
 * set lookups instead of loading every expected trip of the gate from the database per read (that
 * held the gateway to 4 reads/s: benchmarks/RESULTS.md, anpr).
 *
 * Each plate is filed under its neighbourhood keys (contracts' plateNeighbourhood): every plate that
 * fuzzy matching could offer for a read shares a key with it, so the index narrows, and the same
 * matching as before decides on the trips it returns (plate-reads.ts).
 *
 * Completeness is what keeps a read from checking in the wrong truck: a trip missing here would let a
 * misread of its plate match another trip alone. So a trip is filed inside its registration's (or its
 * plate correction's) transaction, before the commit: whatever trip the database has, the index has.
 * An entry no longer expected (checked in a while ago, cancelled, crossed, plate corrected) is harmless,
 * because every candidate is read back from the database; it is dropped when a read meets it, and at once
 * on a cancel. An entry without a row is kept: it may be a registration not yet committed (a failed one
 * takes its own entry out). An index Redis lost (a flush; a gate rebuild wipes it with the gate's keys) is rebuilt from
 * the database by the next read, before that read is decided.
 * Every key carries the gate's hash tag, so each script stays in one Redis Cluster slot.
 */
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { withLuaCommands, type LuaCommands } from '@borderflow/scheduler';
import type { PrismaClient } from '@borderflow/db';
import { ACTIVE_TRIP_STATES, normalisePlate, plateNeighbourhood } from '@borderflow/contracts';

/**
 * A truck checked in this recently is still expected at the entrance: a second camera or a slow truck
 * reads it again, and that read is the same arrival (a duplicate), not a doubtful new one.
 */
export const STILL_AT_ENTRANCE_MS = 15 * 60_000;

const ADD = readFileSync(new URL('./plate-index-add.lua', import.meta.url), 'utf8');
const DROP = readFileSync(new URL('./plate-index-drop.lua', import.meta.url), 'utf8');

type IndexRedis = (Redis | Cluster) & {
  bf_plateIndexAdd(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  bf_plateIndexDrop(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
};

const SCRIPTS: LuaCommands = { bf_plateIndexAdd: { lua: ADD }, bf_plateIndexDrop: { lua: DROP } };
const withScripts = (redis: Redis | Cluster) => withLuaCommands<IndexRedis>(redis, SCRIPTS);

export interface PlateIndexContext {
  redis: Redis | Cluster;
  /** Redis key prefix of every key of ours. */
  prefix: string;
}

const base = (ctx: PlateIndexContext, gate: string) => `${ctx.prefix}{g:${gate}}:pidx:`;
const builtKey = (ctx: PlateIndexContext, gate: string) => `${base(ctx, gate)}built`;
const tripsKey = (ctx: PlateIndexContext, gate: string, plate: string) => `${base(ctx, gate)}p:${plate}`;
const nearKey = (ctx: PlateIndexContext, gate: string, key: string) => `${base(ctx, gate)}n:${key}`;

function scriptKeys(ctx: PlateIndexContext, gate: string, plate: string): string[] {
  return [tripsKey(ctx, gate, plate), ...plateNeighbourhood(plate).map((k) => nearKey(ctx, gate, k))];
}

/**
 * Files a trip under its plate at its gate (registration, plate correction). Call it inside the
 * transaction that writes the trip, before the commit: a failure then fails the write.
 *
 * @example
 * await indexTripPlate(ctx, 'KT', trip.id, '24C-123.45');
 */
export async function indexTripPlate(ctx: PlateIndexContext, gate: string, tripId: string, plate: string): Promise<void> {
  const normal = normalisePlate(plate);
  const keys = scriptKeys(ctx, gate, normal);
  await withScripts(ctx.redis).bf_plateIndexAdd(keys.length, ...keys, tripId, normal);
}

/**
 * Takes a trip out of its gate's index (a cancel, or a read that found it no longer expected).
 *
 * @example
 * await dropTripPlate(ctx, 'KT', trip.id, '24C12345');
 */
export async function dropTripPlate(ctx: PlateIndexContext, gate: string, tripId: string, plate: string): Promise<void> {
  const normal = normalisePlate(plate);
  const keys = scriptKeys(ctx, gate, normal);
  await withScripts(ctx.redis).bf_plateIndexDrop(keys.length, ...keys, tripId, normal);
}

/** Rebuilds in flight, per Redis connection and gate: one process does not rebuild the same index twice at once. */
const building = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Files every trip the gate expects (registered, or checked in within STILL_AT_ENTRANCE_MS), then marks
 * the index built. Adds are idempotent, so another process rebuilding at the same time is only extra work.
 */
async function rebuild(ctx: PlateIndexContext & { db: PrismaClient }, gate: string): Promise<void> {
  const trips = await ctx.db.trip.findMany({
    where: {
      gate: { code: gate },
      OR: [{ state: 'registered' }, { state: { in: [...ACTIVE_TRIP_STATES] }, arrivedAt: { gte: new Date(Date.now() - STILL_AT_ENTRANCE_MS) } }],
    },
    select: { id: true, vehicle: { select: { plate: true } } },
  });
  const r = withScripts(ctx.redis);
  for (let i = 0; i < trips.length; i += 200) {
    await Promise.all(trips.slice(i, i + 200).map((t) => {
      const normal = normalisePlate(t.vehicle.plate);
      const keys = scriptKeys(ctx, gate, normal);
      return r.bf_plateIndexAdd(keys.length, ...keys, t.id, normal);
    }));
  }
  await ctx.redis.set(builtKey(ctx, gate), String(Date.now()));
}

function ensureBuilt(ctx: PlateIndexContext & { db: PrismaClient }, gate: string): Promise<void> {
  let mine = building.get(ctx.redis);
  if (!mine) building.set(ctx.redis, (mine = new Map()));
  const running = mine.get(gate);
  if (running) return running;
  const job = rebuild(ctx, gate).finally(() => mine.delete(gate));
  mine.set(gate, job);
  return job;
}

export interface IndexedPlate {
  /** Normalised. */
  plate: string;
  tripIds: string[];
}

/**
 * The plates filed at the gate that fuzzy matching could offer for this read, each with its trips:
 * a superset of the expected trips a read can be (check each against the database).
 *
 * @example
 * const near = await platesNear(ctx, 'KT', '24C-I23.45'); // [{ plate: '24C12345', tripIds: ['…'] }]
 */
export async function platesNear(ctx: PlateIndexContext & { db: PrismaClient }, gate: string, read: string): Promise<IndexedPlate[]> {
  const keys = plateNeighbourhood(read).map((k) => nearKey(ctx, gate, k));
  const lookup = async () => {
    const [[, built], [, plates]] = (await ctx.redis.multi().exists(builtKey(ctx, gate)).sunion(...keys).exec()) as [[null, number], [null, string[]]];
    return { built: built === 1, plates };
  };
  let found = await lookup();
  if (!found.built) {
    await ensureBuilt(ctx, gate);
    found = await lookup();
  }
  if (found.plates.length === 0) return [];
  const pipeline = ctx.redis.pipeline();
  for (const plate of found.plates) pipeline.smembers(tripsKey(ctx, gate, plate));
  const members = (await pipeline.exec())!;
  return found.plates.map((plate, i) => ({ plate, tripIds: (members[i]![1] as string[]) ?? [] }));
}
