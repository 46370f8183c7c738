/**
 * Copies one gate's event stream into PostgreSQL with a Redis consumer group: at-least-once
 * delivery, made exactly-once in the database by `storeEvents` (idempotent by gate + seq).
 * An entry is acknowledged only after its transaction committed, so a consumer that dies
 * mid-batch leaves its entries pending; any live consumer claims them (XAUTOCLAIM) once
 * they have been idle for `claimIdleMs`.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { GateEvent } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { GateKeys, parseStreamEntry } from '@borderflow/scheduler';
import { storeEvents } from './store-events.ts';

type Client = Redis | Cluster;
type StreamEntry = [id: string, fields: string[] | null];

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
  const keys = new GateKeys(options.prefix ?? 'bf:', options.gate);
  const stream = keys.events;
  const group = options.group ?? 'persist';
  const consumerName = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const blockMs = options.blockMs ?? 2000;
  const batchSize = options.batchSize ?? 200;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const claimEveryMs = options.claimEveryMs ?? 10_000;
  const retainMs = options.retainMs ?? 60 * 60_000;
  const trimEveryMs = options.trimEveryMs ?? 30_000;
  const onError = options.onError ?? ((error, context) => console.error(`[persist ${options.gate}] ${context}:`, error));
  const redis = options.redis;
  // Blocking reads get their own connection: XREADGROUP BLOCK would stall every other
  // command queued on a shared one.
  const reader = redis.duplicate() as Client;
  reader.on('error', () => undefined); // reconnects by itself; failures surface as read errors

  const status: EventConsumerStatus = { consumerName, stored: 0, acked: 0, claimed: 0, lastSeq: 0 };
  let stopping = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  let blocked = false;
  let cycle = 0;
  let waiters: Array<{ after: number; resolve: () => void }> = [];
  let nextClaimAt = 0;
  let nextTrimAt = Date.now() + trimEveryMs;
  // Our own pending entries (after a restart under the same name, or after a failed batch).
  let ownPendingToRedo = true;

  async function ensureGroup(): Promise<void> {
    try {
      // From '0': a new group copies the whole stream (duplicates are skipped).
      await (redis as Redis).call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async function handle(entries: StreamEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const events: GateEvent[] = [];
    const dead: StreamEntry[] = [];
    for (const entry of entries) {
      // An entry trimmed while pending comes back without fields: nothing left to store.
      if (!Array.isArray(entry[1])) continue;
      try {
        events.push(parseStreamEntry(entry[0], entry[1]));
      } catch {
        dead.push(entry);
      }
    }
    const result = await storeEvents(options.prisma, events);
    status.stored += result.stored;
    if (result.conflicts.length > 0) {
      onError(
        new Error(`gate ${options.gate}: seq ${result.conflicts.join(', ')} already stored for other events; ` +
          'the gate was re-created in Redis without rebuild (use loadGateState + GateScheduler.rebuild)'),
        'events not stored',
      );
    }
    for (const e of events) status.lastSeq = Math.max(status.lastSeq, e.seq);
    if (dead.length > 0) {
      // Keep a malformed entry for a human instead of redelivering it forever.
      for (const [id, fields] of dead) await redis.xadd(`${stream}:dead`, '*', 'from', id, ...(fields ?? []));
      onError(new Error(`malformed event entries ${dead.map((d) => d[0]).join(', ')}`), 'moved to dead-letter stream');
    }
    status.acked += await redis.xack(stream, group, ...entries.map((e) => e[0]));
  }

  async function readGroup(id: string, block: boolean): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', group, consumerName, 'COUNT', batchSize];
    if (block) args.push('BLOCK', blockMs);
    args.push('STREAMS', stream, id);
    const client = block ? reader : redis;
    blocked = block;
    try {
      const reply = (await (client as Redis).call('XREADGROUP', ...args)) as Array<[string, StreamEntry[]]> | null;
      return reply?.[0]?.[1] ?? [];
    } finally {
      blocked = false;
    }
  }

  /** Takes over entries that dead consumers read but never acknowledged. */
  async function claimStale(): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = (await (redis as Redis).call(
        'XAUTOCLAIM', stream, group, consumerName, claimIdleMs, cursor, 'COUNT', batchSize,
      )) as [string, Array<StreamEntry | null>, string[]?];
      cursor = reply[0];
      const entries = reply[1].filter((e): e is StreamEntry => e !== null);
      status.claimed += entries.length;
      await handle(entries);
      // Entries trimmed away before anyone stored them cannot be recovered; drop them from the PEL.
      const deleted = reply[2] ?? [];
      if (deleted.length > 0) await redis.xack(stream, group, ...deleted);
    } while (cursor !== '0-0' && !stopping);
  }

  /** Trims what every consumer of this group has stored and is older than `retainMs`. */
  async function trimStored(): Promise<void> {
    if (retainMs === false) return;
    const groups = (await (redis as Redis).call('XINFO', 'GROUPS', stream)) as unknown[][];
    const info = groups.map(toRecord).find((g) => g.name === group);
    if (!info) return;
    const pending = (await (redis as Redis).call('XPENDING', stream, group)) as [number, string | null, ...unknown[]];
    // Everything before the oldest pending entry (or up to the last delivered one) is stored.
    const stored = Number(pending[0]) > 0 && pending[1] ? pending[1] : String(info['last-delivered-id']);
    const cutoff = `${Date.now() - retainMs}-0`;
    const minId = compareIds(stored, cutoff) < 0 ? stored : cutoff;
    // Exact, not '~': a gate makes a few thousand events a day, and tests can see the effect.
    await (redis as Redis).call('XTRIM', stream, 'MINID', minId);
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      try {
        if (Date.now() >= nextClaimAt) {
          await ensureGroup();
          await claimStale();
          nextClaimAt = Date.now() + claimEveryMs;
        }
        if (ownPendingToRedo) {
          const mine = await readGroup('0', false);
          await handle(mine);
          if (mine.length > 0) continue;
          ownPendingToRedo = false;
        }
        const started = ++cycle;
        const fresh = await readGroup('>', false);
        if (fresh.length > 0) {
          await handle(fresh);
        } else {
          if (Date.now() >= nextTrimAt) {
            await trimStored();
            nextTrimAt = Date.now() + trimEveryMs;
          }
          resolveWaiters(started);
          if (stopping) break;
          await handle(await readGroup('>', true));
        }
        failures = 0;
      } catch (error) {
        if (stopping) break;
        const message = String((error as Error)?.message ?? error);
        if (message.includes('NOGROUP')) {
          // The stream was lost (Redis restart without persistence, or a gate rebuild): recreate.
          nextClaimAt = 0;
        } else {
          onError(error, 'batch not stored, will retry');
        }
        ownPendingToRedo = true;
        failures++;
        await Promise.race([sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6))), stopped]);
      }
    }
  }

  function resolveWaiters(cycleStarted: number): void {
    const ready = waiters.filter((w) => w.after < cycleStarted);
    waiters = waiters.filter((w) => w.after >= cycleStarted);
    for (const w of ready) w.resolve();
  }

  const running = (async () => {
    await ensureGroup().catch((error) => onError(error, 'could not create the consumer group'));
    await loop();
  })();

  return {
    async stop() {
      if (!stopping) {
        stopping = true;
        wake();
        // Interrupt a blocking read; entries it might have been handed stay pending (claimed later).
        if (blocked) reader.disconnect();
      }
      await running;
      reader.disconnect();
      for (const w of waiters) w.resolve();
      waiters = [];
    },
    drained() {
      if (stopping) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ after: cycle, resolve }));
    },
    status: () => ({ ...status }),
  };
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

/** Compares Redis stream ids "ms-seq". */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
