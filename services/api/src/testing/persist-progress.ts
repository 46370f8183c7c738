/**
 * How far the persist consumer group has got with a gate's event stream,
 * read from Redis alone (the database may be closed to the test, as PGlite is
 * while a platform child holds it).
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent } from '@borderflow/contracts';
import { parseStreamEntry } from '@borderflow/scheduler';

/** Every event on the stream, oldest first. */
export async function readStream(redis: Redis | Cluster, stream: string): Promise<GateEvent[]> {
  const entries = await redis.xrange(stream, '-', '+');
  return entries.map(([id, fields]) => parseStreamEntry(id, fields));
}

/**
 * True once the `persist` group was handed every entry of the stream and has
 * acknowledged all of them. The consumer acknowledges only after its database
 * transaction committed, so then every event is stored. `missingGroup`: the answer when the group
 * does not exist (yet), e.g. a gate without a fan-out consumer.
 *
 * @example
 * await expect.poll(() => persistCaughtUp(redis, scheduler.eventsStream())).toBe(true);
 */
export async function persistCaughtUp(redis: Redis | Cluster, stream: string, group = 'persist', options: { missingGroup?: boolean } = {}): Promise<boolean> {
  const last = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1))[0];
  const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  const info = groups
    .map((flat) => {
      const record: Record<string, unknown> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
      return record;
    })
    .find((g) => g.name === group);
  if (!info) return options.missingGroup ?? false;
  return Number(info.pending) === 0 && (!last || info['last-delivered-id'] === last[0]);
}

/**
 * Entries the group's consumers read but have not acknowledged (not stored yet); with `upTo`, only those
 * with an id up to it. A group that does not exist has none.
 */
export async function persistPending(redis: Redis | Cluster, stream: string, group = 'persist', upTo?: string): Promise<number> {
  try {
    if (upTo === undefined) return Number(((await redis.call('XPENDING', stream, group)) as [number])[0]);
    return ((await redis.call('XPENDING', stream, group, '-', upTo, 100_000)) as unknown[]).length;
  } catch (error) {
    if (String((error as Error).message).includes('NOGROUP')) return 0;
    throw error;
  }
}
