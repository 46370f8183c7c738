/**
 * Each waiting truck's remaining route (the stages after the one it waits for), kept across reads
 * of one gate (issue 15: "a delta costs O(moved trucks)"). The lane projection needs every waiting
 * truck's route, and the fan-out projects the gate after every event: one HMGET per waiting truck
 * per event was the fan-out's largest Redis cost under load (5,000 waiting trucks, 100 events/s).
 *
 * A route changes only by a command on that truck (check-in, complete, set-stages, cancel), and
 * every command appends an event naming it in the same Lua step. So the cache follows the gate's
 * event stream: before answering, it reads the events appended since it last looked (usually none
 * or a few, one XRANGE) and forgets the trucks they name; only those and new trucks are read. The
 * events are read after the caller's queue read, so every route it answers is at least as fresh as
 * the queues it is projected with, exactly as an uncached read would be.
 *
 * Anything it cannot follow exactly forgets everything: a seq that does not continue (a trimmed or
 * rebuilt stream), too many events at once, and the events a rebuild starts with (policy, lanes),
 * since a rebuild rewrites trips without events.
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent, Stage } from '@borderflow/contracts';
import type { GateKeys } from './gate-keys.ts';

/** More events than this since the last look: read every route afresh rather than the events. */
export const FOLLOW_LIMIT = 500;
/** A rebuild starts with these (gate-scheduler.ts `rebuild`): trips were rewritten without events. */
const FORGET_ALL_AFTER = new Set<GateEvent['type']>(['policy_set', 'lane_configured']);

const csv = (s: string | null | undefined) => (s ? s.split(',').filter(Boolean) : []);

/** Minimal stream-entry reading: the seq, the type and the trip the event names. */
type EntryFacts = Pick<GateEvent, 'seq' | 'type'> & { tripId: string | null };
function factsOf(fields: string[]): EntryFacts {
  const at = fields.indexOf('json');
  const e = JSON.parse(fields[at + 1]!) as { seq: number; type: GateEvent['type']; trip?: { id?: string } | null; tripId?: string | null };
  return { seq: Number(e.seq), type: e.type, tripId: e.trip?.id ?? e.tripId ?? null };
}

/**
 * The events after `after` and each one's truck as { state, stages, stageIndex } ([] when it names
 * none), read in the same atomic step as the queues they are projected with (gate-state-n.lua):
 * the cache follows them without a round trip of its own.
 */
export interface FollowedEvents {
  after: string;
  entries: [string, string[]][];
  trucks: ([string | null, string | null, string | null] | [])[];
}

export class RouteCache {
  /** trip → remaining stages ([] when its current stage is its last). */
  private routes = new Map<string, readonly Stage[]>();
  /** The last event the cache has followed (null: it follows nothing yet, every route is read). */
  private last: { seq: number; streamId: string } | null = null;
  /** One answer at a time: a route read before an event must not be stored after it was forgotten. */
  private turn: Promise<unknown> = Promise.resolve();
  /** Routes read from Redis (misses) and answered from the cache (hits), for tests and benches. */
  readonly counts = { hits: 0, misses: 0, resets: 0 };

  constructor(private readonly redis: Redis | Cluster, private readonly keys: GateKeys) {}

  /**
   * The remaining route of each of `ids` now (trucks with none are left out).
   *
   * @example
   * const routes = await cache.routesOf(['t1', 't2']); // Map { 't1' => ['xray', 'gate'] }
   */
  routesOf(ids: readonly string[], followed?: FollowedEvents): Promise<Map<string, Stage[]>> {
    const next = this.turn.then(() => this.answer(ids, followed));
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** The stream id the cache has followed to (null: none yet), for a caller that reads the events after it. */
  followedTo(): string | null {
    return this.last?.streamId ?? null;
  }

  /** Forgets every route (the next read follows the stream from its newest event). */
  forget(): void {
    this.routes.clear();
    this.last = null;
    this.counts.resets++;
  }

  private async answer(ids: readonly string[], followed?: FollowedEvents): Promise<Map<string, Stage[]>> {
    try {
      // Read from where the cache still is (another read may have moved it on meanwhile): follow them.
      if (followed && this.last && followed.after === this.last.streamId && followed.entries.length <= FOLLOW_LIMIT) await this.apply(followed);
      else await this.follow();
    } catch (err) {
      this.forget();
      throw err;
    }
    const missing = ids.filter((id) => !this.routes.has(id));
    this.counts.hits += ids.length - missing.length;
    this.counts.misses += missing.length;
    if (missing.length) {
      const p = this.redis.pipeline();
      for (const id of missing) p.hmget(this.keys.trip(id), 'stages', 'stageIndex');
      const res = (await p.exec()) ?? [];
      missing.forEach((id, i) => {
        const [err, v] = res[i] ?? [new Error('pipeline answered short')];
        if (err) throw err;
        const [stages, index] = v as [string | null, string | null];
        // No hash (gone meanwhile): not cached, its event will come.
        if (stages === null) return;
        this.routes.set(id, csv(stages).slice(Number(index ?? 0) + 1) as Stage[]);
      });
    }
    const out = new Map<string, Stage[]>();
    for (const id of ids) {
      const route = this.routes.get(id);
      if (route?.length) out.set(id, [...route]);
    }
    return out;
  }

  /**
   * Follows events read with their trucks' routes at the newest of them: each named truck's route is
   * that read (a waiting truck's), or forgotten (any other state: it is read again if it waits again).
   */
  private async apply({ entries, trucks }: FollowedEvents): Promise<void> {
    for (const [i, [id, fields]] of entries.entries()) {
      const e = factsOf(fields);
      if (e.seq !== this.last!.seq + 1 || FORGET_ALL_AFTER.has(e.type)) return this.restart();
      if (e.tripId) {
        const [state, stages, index] = trucks[i] ?? [];
        if (state === 'queued' && stages) this.routes.set(e.tripId, csv(stages).slice(Number(index ?? 0) + 1) as Stage[]);
        else this.routes.delete(e.tripId);
      }
      this.last = { seq: e.seq, streamId: id };
    }
  }

  /** Reads the events since the last followed one and forgets the trucks they name. */
  private async follow(): Promise<void> {
    if (!this.last) {
      // Start from the newest event: every route read after this is at least as new.
      const newest = await this.redis.xrevrange(this.keys.events, '+', '-', 'COUNT', 1);
      this.routes.clear();
      this.last = newest[0] ? { seq: factsOf(newest[0][1]).seq, streamId: newest[0][0] } : { seq: 0, streamId: '0' };
      return;
    }
    const start = this.last.streamId === '0' ? '-' : `(${this.last.streamId}`;
    const entries = await this.redis.xrange(this.keys.events, start, '+', 'COUNT', FOLLOW_LIMIT + 1);
    if (entries.length > FOLLOW_LIMIT) return this.restart();
    for (const [id, fields] of entries) {
      const e = factsOf(fields);
      if (e.seq !== this.last.seq + 1 || FORGET_ALL_AFTER.has(e.type)) return this.restart();
      if (e.tripId) this.routes.delete(e.tripId);
      this.last = { seq: e.seq, streamId: id };
    }
  }

  private async restart(): Promise<void> {
    this.forget();
    await this.follow();
  }
}
