/**
 * One adapter's outbound messages in Redis, kept in per-trip order.
 *
 * BullMQ's groups (one job at a time per group) are a Pro feature, so per-trip
 * ordering is ours: every trip has a Redis list of its message ids; only the
 * list's head has a BullMQ job. When the head is delivered (delivered-1.lua)
 * the next id becomes the head and gets its job. A dead-lettered head parks
 * the trip: nothing of that trip overtakes it until an operator re-drives it.
 * A message is durable once `accept` returns (Redis with AOF in production;
 * the scheduler's state lives in the same Redis).
 */
import { OutboxKeys } from './outbox-keys.ts';
import { runOutboxCommand, type OutboxClient } from './outbox-commands.ts';

export type OutboxKind = 'movement_notice' | 'gate_event';

export interface OutboxMessage {
  id: string;
  /** The trip id: the ordering key. */
  order: string;
  kind: OutboxKind;
  /** The signed envelope as JSON (deleted once delivered). */
  body: string;
  acceptedAt: number;
  state: 'pending' | 'delivered' | 'dead';
  /** Re-drive generation: part of the BullMQ job id, so a re-driven message gets a fresh job. */
  gen: number;
  attempts: number;
  redriven: number;
  error: string | null;
  failedAt: number | null;
}

/** A message that is next for its trip and needs a job. */
export interface OutboxHead {
  id: string;
  gen: number;
  /** The message itself, when the store handed it over with the head (see `delivered`). */
  message?: OutboxMessage;
}

export interface OutboxCounts {
  backlog: number;
  oldestAcceptedAt: number | null;
  deadLetters: number;
  blockedTrips: number;
  accepted: number;
  delivered: number;
  lastDeliveredAt: number | null;
}

/** Delivered ids are remembered this long: a gate event re-read from the stream within it is a duplicate. */
export const KEEP_DELIVERED_MS = 24 * 3600_000;

function toMessage(id: string, h: Record<string, string>): OutboxMessage | null {
  if (!h.state) return null;
  return {
    id,
    order: h.order ?? '',
    kind: (h.kind ?? 'gate_event') as OutboxKind,
    body: h.body ?? '',
    acceptedAt: Number(h.acceptedAt ?? 0),
    state: h.state as OutboxMessage['state'],
    gen: Number(h.gen ?? 0),
    attempts: Number(h.attempts ?? 0),
    redriven: Number(h.redriven ?? 0),
    error: h.error ?? null,
    failedAt: h.failedAt ? Number(h.failedAt) : null,
  };
}

/**
 * @example
 * const outbox = new Outbox(redis, new OutboxKeys('bf:', 'vn-customs'));
 * const { head } = await outbox.accept({ id, order: tripId, kind: 'gate_event', body }, Date.now());
 * if (head) await queue.add('deliver', { id: head.id }, { jobId: jobIdOf(head) });
 */
export class Outbox {
  constructor(
    readonly redis: OutboxClient,
    readonly keys: OutboxKeys,
    private readonly keepDeliveredMs = KEEP_DELIVERED_MS,
  ) {}

  private run(name: string, args: (string | number)[], now: number) {
    return runOutboxCommand(this.redis, name, [this.keys.pending], [this.keys.base, Math.round(now), ...args]);
  }

  /** Stores the message; `head` is set when it is next for its trip (add its job). */
  async accept(
    msg: { id: string; order: string; kind: OutboxKind; body: string },
    now: number,
  ): Promise<{ accepted: boolean; head: OutboxHead | null }> {
    const r = (await this.run('accept', [msg.id, msg.order, msg.kind, msg.body], now)) as [number, string, number?];
    if (r[0] === 0) return { accepted: false, head: null };
    return { accepted: true, head: r[1] === 'head' ? { id: msg.id, gen: Number(r[2] ?? 0) } : null };
  }

  async load(id: string): Promise<OutboxMessage | null> {
    return toMessage(id, await this.redis.hgetall(this.keys.message(id)));
  }

  /**
   * The message, if it is pending, first of its trip and the trip is not parked
   * (what a delivery job may send now); null otherwise.
   */
  async claim(id: string, now: number): Promise<OutboxMessage | null> {
    const r = (await this.run('claim', [id], now)) as [number, ...string[]];
    if (r[0] !== 1) return null;
    const [, order, kind, body, acceptedAt, attempts] = r as unknown as [number, string, OutboxKind, string, string, string];
    return {
      id, order, kind, body, acceptedAt: Number(acceptedAt), state: 'pending', gen: 0, attempts: Number(attempts ?? 0),
      redriven: 0, error: null, failedAt: null,
    };
  }

  /** True when the message is pending, first of its trip, and the trip is not parked. */
  async isHead(msg: OutboxMessage): Promise<boolean> {
    const [head, parked] = await Promise.all([
      this.redis.lindex(this.keys.trip(msg.order), 0),
      this.redis.sismember(this.keys.parked, msg.order),
    ]);
    return msg.state === 'pending' && head === msg.id && parked === 0;
  }

  /**
   * Marks it delivered; returns the trip's next head with its message, if any
   * (`order` is the trip, which the next message shares). `null` = it was not pending.
   */
  async delivered(id: string, now: number, order = ''): Promise<{ next: OutboxHead | null } | null> {
    const r = (await this.run('delivered', [id, this.keepDeliveredMs], now)) as [number, string?, number?, string?, string?, string?];
    if (r[0] === 0) return null;
    const [, nextId, gen, kind, body, acceptedAt] = r;
    if (!nextId) return { next: null };
    const message: OutboxMessage = {
      id: nextId, order, kind: (kind ?? 'gate_event') as OutboxKind, body: body ?? '', acceptedAt: Number(acceptedAt ?? 0),
      state: 'pending', gen: Number(gen ?? 0), attempts: 0, redriven: 0, error: null, failedAt: null,
    };
    return { next: { id: nextId, gen: Number(gen ?? 0), message } };
  }

  async deadLetter(id: string, error: string, attempts: number, now: number): Promise<boolean> {
    return (await this.run('deadLetter', [id, error.slice(0, 500), attempts], now)) === 1;
  }

  /** Puts a dead letter back at the head of its trip; returns its new head, or null if it is not a dead letter. */
  async redrive(id: string, now: number): Promise<OutboxHead | null> {
    const r = (await this.run('redrive', [id], now)) as [number, number?];
    return r[0] === 1 ? { id, gen: Number(r[1] ?? 0) } : null;
  }

  /** Every trip's current head (not parked): what must have a job. Used by the repair sweep. */
  async heads(): Promise<OutboxHead[]> {
    const heads: OutboxHead[] = [];
    let cursor = '0';
    do {
      const [next, orders] = await this.redis.sscan(this.keys.trips, cursor, 'COUNT', 500);
      cursor = next;
      for (const order of orders) {
        if (await this.redis.sismember(this.keys.parked, order)) continue;
        const id = await this.redis.lindex(this.keys.trip(order), 0);
        if (!id) continue;
        const gen = await this.redis.hget(this.keys.message(id), 'gen');
        heads.push({ id, gen: Number(gen ?? 0) });
      }
    } while (cursor !== '0');
    return heads;
  }

  async counts(): Promise<OutboxCounts> {
    const [backlog, oldest, dead, parked, stats] = await Promise.all([
      this.redis.zcard(this.keys.pending),
      this.redis.zrange(this.keys.pending, 0, 0, 'WITHSCORES'),
      this.redis.zcard(this.keys.dlq),
      this.redis.scard(this.keys.parked),
      this.redis.hmget(this.keys.stats, 'accepted', 'delivered', 'lastSuccessAt'),
    ]);
    return {
      backlog,
      oldestAcceptedAt: oldest[1] ? Number(oldest[1]) : null,
      deadLetters: dead,
      blockedTrips: parked,
      accepted: Number(stats[0] ?? 0),
      delivered: Number(stats[1] ?? 0),
      lastDeliveredAt: stats[2] ? Number(stats[2]) : null,
    };
  }

  /** Dead letters, oldest failure first. */
  async deadLetters(offset = 0, limit = 100): Promise<{ total: number; messages: OutboxMessage[] }> {
    const [total, ids] = await Promise.all([
      this.redis.zcard(this.keys.dlq),
      this.redis.zrange(this.keys.dlq, offset, offset + limit - 1),
    ]);
    const messages = await Promise.all(ids.map((id) => this.load(id)));
    return { total, messages: messages.filter((m): m is OutboxMessage => m !== null) };
  }

  /** Every dead letter id (re-drive all). */
  deadLetterIds(): Promise<string[]> {
    return this.redis.zrange(this.keys.dlq, 0, -1);
  }
}

/** BullMQ job id of a head: custom ids may not contain ':'. */
export function jobIdOf(head: OutboxHead): string {
  return `${head.id}-g${head.gen}`;
}
