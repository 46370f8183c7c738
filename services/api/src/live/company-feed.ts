/**
 * The company feed (contracts' company-feed.ts): every event of a company's trips, in one numbered
 * sequence per company, for its administrators, dispatchers and API keys over Socket.IO or SSE.
 *
 * Storage, per company (one hash tag, so the Lua step stays in one slot on a Cluster):
 * - `meta`: the feed's last seq and, per gate, the last gate seq appended. The fan-out is
 *   at-least-once; an event already appended (its gate seq is not above the last) is skipped, so a
 *   re-delivered event never takes a second seq.
 * - `stream`: the messages of the last COMPANY_FEED_RECOVERY_MS, for resumes.
 * The append publishes the message too; each API process dispatches it to its own subscriptions.
 *
 * A subscription sends seqs strictly one by one: a message above the next expected one (a publish
 * lost, or overtaking a replay) makes it read the missing ones from the stream first, and only when
 * they are gone (out of the window) does it send a snapshot instead. So a client never sees a gap
 * the server could have filled.
 */
import type { Cluster, Redis } from 'ioredis';
import {
  ACTIVE_TRIP_STATES,
  COMPANY_FEED_MAX_REPLAY,
  COMPANY_FEED_RECOVERY_MS,
  type CompanyFeedMessage,
  type CompanyFeedSnapshot,
  type Eta,
  type EtaRange,
  type GateEvent,
} from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { tripReach } from '../trips/trip-access.ts';
import { duplicateRedis } from '../redis-connection.ts';
import { gateTime } from '../stats/gate-time.ts';

/**
 * The consumer group that appends gate events to the company feeds (platform.ts): apart from the
 * live fan-out's group, because an append may wait for the database (a new trip's company).
 */
export const COMPANY_FEED_GROUP = 'company-feed';

/** Concurrent subscriptions one company may hold on one process (sockets and SSE streams). */
export const MAX_FEED_SUBSCRIPTIONS_PER_COMPANY = 50;

/** A message without its seq: the append numbers it. */
export type FeedBody = CompanyFeedMessage extends infer M ? (M extends CompanyFeedMessage ? Omit<M, 'seq'> : never) : never;

/** Where one subscription's messages go (a socket, an SSE response). */
export interface FeedSink {
  snapshot(snapshot: CompanyFeedSnapshot): void;
  message(message: CompanyFeedMessage): void;
  /** The server is stopping: close the transport (the client resumes elsewhere). */
  end?(): void;
}

/**
 * Appends messages (one gate event, or a batch of positions) unless the gate event was appended
 * already; returns the last seq (0: skipped).
 * KEYS: meta, stream. ARGV: gate ('' = no dedupe), gate seq, min stream id (ms), ttl ms, channel, company, body…
 */
const APPEND = `
if ARGV[1] ~= '' then
  local last = tonumber(redis.call('HGET', KEYS[1], 'g:' .. ARGV[1]) or '0')
  if tonumber(ARGV[2]) <= last then return 0 end
  redis.call('HSET', KEYS[1], 'g:' .. ARGV[1], ARGV[2])
end
local seq = 0
for i = 7, #ARGV do
  seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[3], '*', 's', seq, 'm', ARGV[i])
  redis.call('PUBLISH', ARGV[5], ARGV[6] .. '\\n' .. seq .. '\\n' .. ARGV[i])
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return seq`;

/** RFC 3339 (gate offset) of an ETA given in ms from `now`. */
export function etaRange(eta: Eta, now: number): EtaRange {
  return { expectedAt: gateTime(now + eta.expectedMs), earliest: gateTime(now + eta.lowMs), latest: gateTime(now + eta.highMs) };
}

/** The feed message of a gate event of a trip, times in RFC 3339. */
export function feedEventOf(event: GateEvent): FeedBody | null {
  const trip = event.trip;
  if (!trip) return null;
  const detail = (event as { detail?: { reason?: unknown } }).detail;
  return {
    kind: 'event',
    type: event.type,
    gate: event.gate,
    gateSeq: event.seq,
    at: gateTime(event.at),
    tripId: trip.id,
    plate: trip.plate,
    state: trip.state,
    stage: trip.stage,
    laneId: trip.laneId,
    deadline: trip.deadline === null ? null : gateTime(trip.deadline),
    reason: typeof detail?.reason === 'string' ? detail.reason : null,
  };
}

/**
 * The company whose feed the caller may follow: a company administrator's or dispatcher's, or an API
 * key's with scope trips:read. Never from the request.
 *
 * @example
 * const companyId = await feedCompanyOf(ctx, principalOf(req));
 */
export async function feedCompanyOf(ctx: Pick<ApiContext, 'db'>, who: Principal): Promise<string> {
  if (who.apiKey && !who.apiKey.scopes.includes('trips:read')) {
    throw AppError.worded('FORBIDDEN', {
      en: 'This API key lacks the scope trips:read',
      vi: 'Khóa API này thiếu quyền trips:read',
      zh: '此 API 密钥缺少 trips:read 权限',
    }, 'scopes');
  }
  const reach = await tripReach(ctx.db, who);
  if (!('companyId' in reach)) {
    throw AppError.worded('FORBIDDEN', {
      en: "Only a company's administrators, dispatchers and API keys with trips:read follow the company's trips",
      vi: 'Chỉ quản trị viên, điều phối viên và khóa API (quyền trips:read) của công ty mới theo dõi được các chuyến của công ty',
      zh: '只有公司的管理员、调度员和具有 trips:read 权限的 API 密钥可以跟踪公司的行程',
    }, 'companyRole');
  }
  return reach.companyId;
}

class Subscription {
  /** The last seq sent (-1: nothing yet). */
  last = -1;
  private turn: Promise<void> = Promise.resolve();
  private ready = false;
  private pending: Array<{ seq: number; body: string }> = [];
  closed = false;

  constructor(
    readonly feed: CompanyFeed,
    readonly companyId: string,
    readonly sink: FeedSink,
  ) {}

  /** One step at a time: a catch-up and the live messages behind it stay in order. */
  private serial(step: () => Promise<void>): void {
    this.turn = this.turn.then(step).catch((err: unknown) => this.feed.onError(err));
  }

  /** The first step: replay or snapshot (its failure is the caller's), then what arrived meanwhile. */
  async start(since: number | undefined): Promise<number> {
    const first = (async () => {
      if (since === undefined || !(await this.replay(since))) await this.sendSnapshot();
      this.ready = true;
      const waiting = this.pending;
      this.pending = [];
      for (const m of waiting) await this.deliver(m.seq, m.body);
    })();
    this.turn = first.catch((err: unknown) => this.feed.onError(err));
    await first;
    return this.last;
  }

  live(seq: number, body: string): void {
    if (this.closed) return;
    if (!this.ready) return void this.pending.push({ seq, body });
    void this.serial(() => this.deliver(seq, body));
  }

  private async deliver(seq: number, body: string): Promise<void> {
    if (this.closed || seq <= this.last) return;
    if (seq > this.last + 1 && !(await this.replay(this.last))) await this.sendSnapshot();
    if (seq === this.last + 1) this.send(seq, body);
  }

  private send(seq: number, body: string): void {
    this.last = seq;
    this.sink.message({ ...(JSON.parse(body) as FeedBody), seq } as CompanyFeedMessage);
  }

  /** Sends what came after `after`; false when that is no longer kept. */
  private async replay(after: number): Promise<boolean> {
    const missed = await this.feed.since(this.companyId, after);
    if (!missed) return false;
    if (this.last < after) this.last = after;
    for (const m of missed) if (m.seq === this.last + 1) this.send(m.seq, m.body);
    return true;
  }

  private async sendSnapshot(): Promise<void> {
    const snapshot = await this.feed.snapshot(this.companyId);
    this.last = snapshot.seq;
    this.sink.snapshot(snapshot);
  }
}

/**
 * One per process: appends (from the fan-out), and the process's own subscriptions.
 *
 * @example
 * const feed = await startCompanyFeed(ctx);
 * await feed.onGateEvent(event); // in its own consumer group of the gate stream (COMPANY_FEED_GROUP)
 * const sub = await feed.subscribe(companyId, sink, since); sub.close();
 */
export class CompanyFeed {
  private readonly subs = new Map<string, Set<Subscription>>();
  private readonly companyOfTrip = new Map<string, string | null>();
  private listener: Promise<Redis | Cluster> | null = null;
  readonly channel: string;

  constructor(
    private readonly ctx: Pick<ApiContext, 'db' | 'redis' | 'prefix' | 'logger' | 'schedulers'>,
    private readonly recoveryMs = COMPANY_FEED_RECOVERY_MS,
  ) {
    this.channel = `${ctx.prefix}company-feed`;
  }

  private keys(companyId: string) {
    const base = `${this.ctx.prefix}company-feed:{cf:${companyId}}`;
    return { meta: `${base}:meta`, stream: `${base}:stream` };
  }

  onError(err: unknown): void {
    this.ctx.logger.warn({ err }, 'company feed subscription');
  }

  /** Listens for appends of every process (from the first subscription on). */
  private listen(): Promise<Redis | Cluster> {
    this.listener ??= this.openListener().catch((err: unknown) => {
      this.listener = null;
      throw err;
    });
    return this.listener;
  }

  private async openListener(): Promise<Redis | Cluster> {
    const sub = duplicateRedis(this.ctx.redis, 'borderflow-company-feed');
    sub.on('error', () => undefined);
    sub.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const a = text.indexOf('\n');
      const b = text.indexOf('\n', a + 1);
      if (a < 0 || b < 0) return;
      const companyId = text.slice(0, a);
      const seq = Number(text.slice(a + 1, b));
      for (const s of this.subs.get(companyId) ?? []) s.live(seq, text.slice(b + 1));
    });
    await sub.subscribe(this.channel);
    return sub;
  }

  async stop(): Promise<void> {
    for (const set of this.subs.values()) {
      for (const s of set) {
        s.closed = true;
        s.sink.end?.();
      }
    }
    this.subs.clear();
    const pending = this.listener;
    this.listener = null;
    const l = await pending?.catch(() => null);
    await l?.quit().catch(() => l.disconnect());
  }

  /** The trip's company (cached: a trip never changes company); null when it has none. */
  async companyOf(tripId: string): Promise<string | null> {
    if (this.companyOfTrip.has(tripId)) return this.companyOfTrip.get(tripId)!;
    const row = await this.ctx.db.trip.findUnique({ where: { id: tripId }, select: { companyId: true } });
    if (!row) return null; // not stored yet: ask again next time
    if (this.companyOfTrip.size > 50_000) this.companyOfTrip.clear();
    this.companyOfTrip.set(tripId, row.companyId);
    return row.companyId;
  }

  /**
   * Appends messages to the company's feed in one step (numbered in order); `dedupe` skips a gate
   * event appended before. Returns the last seq (0: skipped).
   */
  async append(companyId: string, bodies: readonly FeedBody[], dedupe: { gate: string; gateSeq: number } | null): Promise<number> {
    if (bodies.length === 0) return 0;
    const k = this.keys(companyId);
    const now = Date.now();
    const seq = await this.ctx.redis.eval(
      APPEND, 2, k.meta, k.stream,
      dedupe?.gate ?? '', dedupe?.gateSeq ?? 0, now - this.recoveryMs, this.recoveryMs * 2, this.channel, companyId,
      ...bodies.map((b) => JSON.stringify(b)),
    );
    return Number(seq);
  }

  /** The fan-out's hook: an event of a company's trip goes to that company's feed. */
  async onGateEvent(event: GateEvent): Promise<void> {
    const body = feedEventOf(event);
    if (!body) return;
    const companyId = await this.companyOf(body.tripId);
    if (companyId) await this.append(companyId, [body], { gate: event.gate, gateSeq: event.seq });
  }

  /** The messages after `after`, in order; null when some are no longer kept (or `after` is not a seq of this feed). */
  async since(companyId: string, after: number): Promise<Array<{ seq: number; body: string }> | null> {
    const k = this.keys(companyId);
    const latest = Number((await this.ctx.redis.hget(k.meta, 'seq')) ?? 0);
    if (after > latest) return null;
    const count = latest - after;
    if (count === 0) return [];
    if (count > COMPANY_FEED_MAX_REPLAY) return null;
    // A little over the count: appends between the two reads must not push the first missed one out of the page.
    const entries = await this.ctx.redis.xrevrange(k.stream, '+', '-', 'COUNT', count + 100);
    const out = entries.reverse().map(([, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      return { seq: Number(f.s), body: f.m ?? '{}' };
    });
    // Trimmed (out of the window) or expired: the first missed message is gone.
    if (out.length === 0 || out[0]!.seq > after + 1) return null;
    return out.filter((m) => m.seq > after);
  }

  /** The company's active trips, at the feed seq read first (later messages are sent on top). */
  async snapshot(companyId: string): Promise<CompanyFeedSnapshot> {
    const seq = Number((await this.ctx.redis.hget(this.keys(companyId).meta, 'seq')) ?? 0);
    const now = Date.now();
    const rows = await this.ctx.db.trip.findMany({
      where: { companyId, state: { in: [...ACTIVE_TRIP_STATES] } },
      select: { id: true, state: true, gate: { select: { code: true } }, vehicle: { select: { plateDisplay: true } } },
      orderBy: { createdAt: 'asc' },
      take: 1000,
    });
    const trips = await Promise.all(
      rows.map(async (row) => {
        const status = await this.ctx.schedulers.get(row.gate.code)?.tripStatus(row.id, now);
        return {
          tripId: row.id,
          gate: row.gate.code,
          plate: status?.trip.plate ?? row.vehicle?.plateDisplay ?? null,
          state: status?.trip.state ?? row.state,
          laneId: status?.laneId ?? null,
          position: status?.position ?? null,
          eta: status?.eta ? etaRange(status.eta, now) : null,
          deadline: status?.trip.deadline ? gateTime(status.trip.deadline) : null,
        };
      }),
    );
    return { seq, at: gateTime(now), recoveryWindowSeconds: Math.round(this.recoveryMs / 1000), trips };
  }

  /**
   * Starts a subscription: replays after `since` (or sends a snapshot), then live. Resolves with the
   * seq it is at and a `close`. Refuses (RATE_LIMITED) beyond the company's cap on this process.
   */
  async subscribe(companyId: string, sink: FeedSink, since?: number): Promise<{ seq: number; close: () => void }> {
    await this.listen();
    let set = this.subs.get(companyId);
    if (!set) this.subs.set(companyId, (set = new Set()));
    if (set.size >= MAX_FEED_SUBSCRIPTIONS_PER_COMPANY) {
      throw AppError.worded('RATE_LIMITED', REFUSALS.companyFeedsFull(MAX_FEED_SUBSCRIPTIONS_PER_COMPANY));
    }
    const sub = new Subscription(this, companyId, sink);
    set.add(sub);
    const close = () => {
      sub.closed = true;
      set.delete(sub);
      if (set.size === 0 && this.subs.get(companyId) === set) this.subs.delete(companyId);
    };
    try {
      return { seq: await sub.start(since), close };
    } catch (err) {
      close();
      throw err;
    }
  }
}
