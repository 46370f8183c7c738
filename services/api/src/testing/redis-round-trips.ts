/**
 * What a call sends to Redis on the platform's shared connection, counted per round trip: ioredis
 * opens one pipeline for the commands of each turn of the event loop (auto-pipelining) and writes
 * it at once, so pipelines opened are round trips. For tests of how many round trips a request
 * costs (issue 15: each is a socket write and an event-loop turn).
 */
import type { Cluster, Pipeline, Redis } from 'ioredis';

interface Queued {
  name: string;
  args: unknown[];
}

/** One round trip: the commands of one pipeline, with their arguments as strings. */
export type RoundTrip = Array<{ name: string; args: string[] }>;

/**
 * The round trips `call` opened on `redis` whose commands mention `mark` (a trip id, a key): a
 * timer of the platform may use the connection meanwhile, and its round trips are not the call's.
 *
 * @example
 * const trips = await roundTripsOf(ctx.redis, tripId, () => readTrip(ctx, who, tripId));
 * expect(trips).toHaveLength(1);
 */
export async function roundTripsOf(redis: Redis | Cluster, mark: string, call: () => Promise<unknown>): Promise<RoundTrip[]> {
  const target = redis as unknown as { pipeline: (...a: unknown[]) => Pipeline };
  const opened: Pipeline[] = [];
  const pipeline = target.pipeline;
  target.pipeline = function (this: unknown, ...a: unknown[]) {
    const p = pipeline.apply(this, a);
    opened.push(p);
    return p;
  };
  try {
    await call();
  } finally {
    target.pipeline = pipeline;
  }
  return opened
    .map((p) => (p as unknown as { _queue: Queued[] })._queue.map((c) => ({ name: c.name, args: c.args.map(String) })))
    .filter((trip) => trip.some((c) => c.args.some((a) => a.includes(mark))));
}
