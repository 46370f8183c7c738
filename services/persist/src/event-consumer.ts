/**
 * Copies one gate's event stream into PostgreSQL with a Redis consumer group: at-least-once
 * delivery, made exactly-once in the database by `storeEvents` (idempotent by gate + seq).
 * An entry is acknowledged only after its transaction committed, so a consumer that dies
 * mid-batch leaves its entries pending; any live consumer claims them (XAUTOCLAIM) once
 * they have been idle for `claimIdleMs`.
 */
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { GateScheduler, parseStreamEntry } from '@borderflow/scheduler';
import { storeEvents } from './store-events.ts';
import { recoverGate, storedHighWater, type RecoveryResult } from './gate-recovery.ts';
import { compareIds, startStreamConsumer, type BatchOutcome, type StreamEntry, type StreamSemantics } from './stream-consumer.ts';

type Client = Redis | Cluster;

export interface EventConsumerOptions {
  redis: Client;
  prisma: PrismaClient;
  /** Gate code, e.g. "KT". */
  gate: string;
  /** Redis key prefix (before the `{g:<gate>}` hash tag). Default `bf:`. */
  prefix?: string;
  /** Unique per process; a restarted process with the same name resumes its own pending entries. */
  consumerName?: string;
  /** Consumer group name. Default `persist`. */
  group?: string;
  /** How long one XREADGROUP blocks waiting for new events. Default 2000 ms. */
  blockMs?: number;
  /** Entries per read / per database transaction. Default 200. */
  batchSize?: number;
  /** Pending entries idle this long belong to a dead consumer and are claimed. Default 30 s. */
  claimIdleMs?: number;
  /** How often to look for such entries. Default 10 s (and once on start). */
  claimEveryMs?: number;
  /**
   * Stored events older than this are trimmed from the stream (the scheduler never trims:
   * we do, once they are safely in PostgreSQL). `false` disables trimming. Default 1 hour,
   * which leaves live clients and other consumer groups time to catch up.
   */
  retainMs?: number | false;
  /** How often to trim. Default 30 s. */
  trimEveryMs?: number;
  /** Errors the consumer recovers from (database down, a malformed entry). Default: console. */
  onError?: (error: unknown, context: string) => void;
  /** Told after the consumer recovered the gate from a seq that went backwards (`recoverGate`). */
  onRecovered?: (result: RecoveryResult) => void;
}

export interface EventConsumerStatus {
  consumerName: string;
  /** Events newly written to the database by this consumer. */
  stored: number;
  /** Entries acknowledged (including duplicates and dead letters). */
  acked: number;
  /** Entries taken over from dead consumers. */
  claimed: number;
  /** Highest seq this consumer has stored. */
  lastSeq: number;
  /** Times this consumer found the gate's seq behind PostgreSQL and recovered it. */
  recoveries: number;
}

export interface EventConsumer {
  /** Stops after the batch in hand is stored and acknowledged. */
  stop(): Promise<void>;
  /** Resolves once the consumer has found nothing new to read after this call. */
  drained(): Promise<void>;
  status(): EventConsumerStatus;
}

/**
 * Starts consuming a gate's event stream into the database.
 *
 * @example
 * const consumer = startEventConsumer({ redis, prisma: db.prisma, gate: 'KT', prefix: 'bf:' });
 * await scheduler.checkIn({ ... });
 * await consumer.drained(); // the event is in gate_events, the trip row shows `queued`
 * await consumer.stop();
 */
export function startEventConsumer(options: EventConsumerOptions): EventConsumer {
  // Only to name the gate's stream and read its seq: the consumer runs no scheduler command.
  const gateScheduler = new GateScheduler({ redis: options.redis, gate: options.gate, prefix: options.prefix ?? 'bf:' });
  const stream = gateScheduler.eventsStream();
  const group = options.group ?? 'persist';
  const retainMs = options.retainMs ?? 60 * 60_000;
  const trimEveryMs = options.trimEveryMs ?? 30_000;
  const onError = options.onError ?? ((error, context) => console.error(`[persist ${options.gate}] ${context}:`, error));
  const redis = options.redis;

  const status = { stored: 0, lastSeq: 0, recoveries: 0 };
  // Highest seq known to be in PostgreSQL: Redis's seq must never be below it.
  let highWater: number | null = null;
  let nextTrimAt = Date.now() + trimEveryMs;

  async function handle(entries: StreamEntry[]): Promise<BatchOutcome> {
    const events: GateEvent[] = [];
    const poison: NonNullable<BatchOutcome['poison']> = [];
    for (const entry of entries) {
      // An entry trimmed while pending comes back without fields: nothing left to store.
      if (!Array.isArray(entry[1])) continue;
      try {
        events.push(parseStreamEntry(entry[0], entry[1]));
      } catch (error) {
        // Keep a malformed entry for a human instead of redelivering it forever.
        poison.push({ id: entry[0], error });
      }
    }
    // Throws when the database is away: nothing of the batch is acknowledged, it is retried.
    const result = await storeEvents(options.prisma, { redis, prefix: options.prefix }, events);
    status.stored += result.stored;
    const conflicting = new Set(result.conflicts);
    for (const e of events) if (!conflicting.has(e.seq)) status.lastSeq = Math.max(status.lastSeq, e.seq);
    if (highWater !== null) highWater = Math.max(highWater, status.lastSeq);
    // Never acknowledge what was not stored: conflicting entries stay pending until the recovery has them.
    const keep = events.filter((e) => conflicting.has(e.seq)).map((e) => e.streamId!);
    if (conflicting.size > 0) {
      onError(
        new Error(`gate ${options.gate}: seq ${result.conflicts.join(', ')} already stored for other stream entries ` +
          '(the seq went backwards: failover or lost AOF tail)'),
        'fencing the gate and rebuilding it from PostgreSQL',
      );
      await recover();
    }
    return { poison, keep };
  }

  async function recover(): Promise<void> {
    const result = await recoverGate({ redis, prisma: options.prisma, gate: options.gate, prefix: options.prefix });
    if (!result) return;
    status.recoveries++;
    highWater = Math.max(highWater ?? 0, result.seq);
    options.onRecovered?.(result);
  }

  /** Finds a seq that went backwards before any command reuses one (a failover with no traffic yet). */
  async function checkSeq(): Promise<void> {
    highWater ??= await storedHighWater(options.prisma, options.gate);
    const seq = await gateScheduler.seq();
    // No seq at all: the gate is not configured in this Redis (the platform's startup rebuilds it).
    if (seq !== null && seq < highWater) {
      onError(new Error(`gate ${options.gate}: Redis seq ${seq} is behind the stored ${highWater}`), 'fencing the gate and rebuilding it');
      await recover();
    }
  }

  /**
   * Trims what EVERY consumer group of the stream is done with (persistence, live fan-out,
   * customs relay, …) and is older than `retainMs`: per group, everything below its oldest
   * pending entry, or up to its last delivered one when nothing is pending. A group that is
   * behind (its consumers are down) holds the trim back instead of losing entries.
   */
  async function trimStored(): Promise<void> {
    if (retainMs === false) return;
    const groups = ((await (redis as Redis).call('XINFO', 'GROUPS', stream)) as unknown[][]).map(toRecord);
    if (!groups.some((g) => g.name === group)) return;
    let minId = `${Date.now() - retainMs}-0`;
    for (const g of groups) {
      const pending = (await (redis as Redis).call('XPENDING', stream, String(g.name))) as [number, string | null, ...unknown[]];
      const done = Number(pending[0]) > 0 && pending[1] ? pending[1] : String(g['last-delivered-id']);
      if (compareIds(done, minId) < 0) minId = done;
    }
    // Exact, not '~': a gate makes a few thousand events a day, and tests can see the effect.
    await (redis as Redis).call('XTRIM', stream, 'MINID', minId);
  }

  const consumer = startStreamConsumer({
    redis,
    stream,
    group,
    // From '0': a new group copies the whole stream (duplicates are skipped); never give up on an event.
    semantics: PERSIST_SEMANTICS,
    handle,
    async onIdle() {
      await checkSeq();
      if (Date.now() >= nextTrimAt) {
        await trimStored();
        nextTrimAt = Date.now() + trimEveryMs;
      }
    },
    consumerName: options.consumerName,
    blockMs: options.blockMs,
    batchSize: options.batchSize,
    claimIdleMs: options.claimIdleMs,
    claimEveryMs: options.claimEveryMs,
    onError,
  });

  return {
    stop: () => consumer.stop(),
    drained: () => consumer.drained(),
    status: () => {
      const s = consumer.status();
      return { consumerName: s.consumerName, stored: status.stored, acked: s.acked, claimed: s.claimed, lastSeq: status.lastSeq, recoveries: status.recoveries };
    },
  };
}

/** Persistence: every event since the stream began, retried until PostgreSQL has it. */
export const PERSIST_SEMANTICS: StreamSemantics = { startAt: '0', maxAttempts: Infinity };

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

