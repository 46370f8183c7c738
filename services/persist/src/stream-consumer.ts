/**
 * The one Redis-stream consumer of the platform. Persistence, the live fan-out and the
 * customs relay each read a gate's event stream with their own consumer group and differ
 * only in their semantics, declared in one line (`StreamSemantics`):
 *
 * - where a new group starts (`0`: every event still in the stream; `$`: only new ones);
 * - how many deliveries a failing entry gets before it moves to the dead-letter stream
 *   `<stream>:dead` (`Infinity`: never give up, e.g. persistence while the database is down).
 *
 * Everything else is shared: an entry is acknowledged only after its handler succeeded, so
 * a consumer that dies between read and ack leaves it pending and any live consumer claims
 * it (XAUTOCLAIM) once it has been idle for `claimIdleMs`; failed entries are redelivered
 * with backoff; the delivery count Redis keeps survives a crash, so a message that kills
 * every consumer that reads it still reaches the dead-letter stream.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

type Client = Redis | Cluster;
/** An entry as Redis returns it; fields are null when the entry was trimmed while pending. */
export type StreamEntry = [id: string, fields: string[] | null];

export interface StreamSemantics {
  /** Where a new group starts reading. */
  startAt: '0' | '$';
  /** Deliveries of a failing entry before it is dead-lettered and acknowledged; `Infinity` retries forever. */
  maxAttempts: number;
  /**
   * Acknowledge handled entries without waiting for the answer: the next read goes out with the XACK
   * instead of one round trip later (the live fan-out: under load each round trip is a whole
   * event-loop iteration before the next delta). Safe for at-least-once: the XACK is sent on the
   * same connection before any later read of pending entries, so Redis applies it first; one that
   * fails leaves its entries pending, handled again (a consumer that must not see an entry twice
   * leaves this off).
   */
  ackInBackground?: boolean;
}

/** What a batch handler did with the entries it was given (all others are acknowledged). */
export interface BatchOutcome {
  /** Failed: redelivered later, dead-lettered after `maxAttempts` deliveries. */
  failed?: Array<{ id: string; error: unknown }>;
  /** Unusable as they are (malformed): dead-lettered at once. */
  poison?: Array<{ id: string; error: unknown }>;
  /** Left pending without counting as a failure (someone else resolves them, e.g. a gate rebuild). */
  keep?: string[];
}

export interface StreamConsumerOptions {
  redis: Client;
  stream: string;
  group: string;
  semantics: StreamSemantics;
  /** Handles one batch. Throwing fails the whole batch (nothing of it is acknowledged). */
  handle: (entries: StreamEntry[]) => Promise<BatchOutcome | void>;
  /** Runs each time the consumer found nothing new to read (housekeeping: trims, seq checks). */
  onIdle?: () => Promise<void>;
  /** Unique per process; a restarted process with the same name resumes its own pending entries. */
  consumerName?: string;
  /** A dedicated connection for blocking reads. Default: `redis.duplicate()`. */
  reader?: Client;
  /** How long one XREADGROUP blocks. Default 2000 ms. */
  blockMs?: number;
  /** Entries per read. Default 200. */
  batchSize?: number;
  /** Pending entries idle this long belong to a dead consumer and are claimed. Default 30 s. */
  claimIdleMs?: number;
  /** How often to look for such entries. Default 10 s (and once on start). */
  claimEveryMs?: number;
  /** Errors the consumer recovers from. Default: console. */
  onError?: (error: unknown, context: string) => void;
}

export interface StreamConsumerStatus {
  stream: string;
  group: string;
  consumerName: string;
  /** Entries handed to the handler (redeliveries included). */
  delivered: number;
  acked: number;
  /** Entries taken over from dead consumers. */
  claimed: number;
  /** Handler failures (per entry). */
  failed: number;
  deadLettered: number;
}

export interface StreamConsumer {
  readonly consumerName: string;
  /** Stops after the batch in hand; entries not acknowledged stay pending for others. */
  stop(): Promise<void>;
  /** Resolves once the consumer has found nothing new to read after this call. */
  drained(): Promise<void>;
  status(): StreamConsumerStatus;
}

const live = new Set<StreamConsumer>();

/** Every consumer running in this process (for metrics). */
export function runningStreamConsumers(): StreamConsumerStatus[] {
  return [...live].map((c) => c.status());
}

/** A consumer name unique to this process. */
export function streamConsumerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The dead-letter stream of `stream`. */
export function deadLetterStream(stream: string): string {
  return `${stream}:dead`;
}

/**
 * @example
 * const c = startStreamConsumer({ redis, stream: keys.events, group: 'fanout',
 *   semantics: { startAt: '$', maxAttempts: 3 }, handle: eachEntry((id, fields) => emit(parse(id, fields))) });
 * await c.drained();
 * await c.stop();
 */
export function startStreamConsumer(options: StreamConsumerOptions): StreamConsumer {
  const { redis, stream, group, semantics } = options;
  const consumerName = options.consumerName ?? streamConsumerName();
  const blockMs = options.blockMs ?? 2000;
  const batchSize = options.batchSize ?? 200;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const claimEveryMs = options.claimEveryMs ?? 10_000;
  const onError = options.onError ?? ((error, context) => console.error(`[${group} ${stream}] ${context}:`, error));
  // Blocking reads get their own connection: XREADGROUP BLOCK would stall every other command on a shared one.
  // It carries one command at a time: no auto-pipelining, even when the shared connection has it.
  const reader = options.reader ?? (redis.isCluster
    ? (redis as Cluster).duplicate(undefined, { enableAutoPipelining: false })
    : (redis as Redis).duplicate({ enableAutoPipelining: false }));
  reader.on('error', () => undefined); // reconnects by itself; failures surface as read errors

  const status: StreamConsumerStatus = { stream, group, consumerName, delivered: 0, acked: 0, claimed: 0, failed: 0, deadLettered: 0 };
  let stopping = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  let blocked = false;
  let cycle = 0;
  let waiters: Array<{ after: number; resolve: () => void }> = [];
  let nextClaimAt = 0;
  // Our own pending entries (after a restart under the same name, or after a failure).
  let ownPendingToRedo = true;
  // Failures seen by this process; Redis's delivery count covers the ones before a crash.
  const attempts = new Map<string, number>();

  async function ensureGroup(): Promise<void> {
    try {
      await (redis as Redis).call('XGROUP', 'CREATE', stream, group, semantics.startAt, 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async function deliveries(ids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0 || semantics.maxAttempts === Infinity) return counts;
    const sorted = [...ids].sort(compareIds);
    const rows = (await (redis as Redis).call(
      'XPENDING', stream, group, sorted[0]!, sorted[sorted.length - 1]!, ids.length * 2 + 10,
    )) as Array<[string, string, number, number]>;
    for (const [id, , , count] of rows) counts.set(id, Number(count));
    return counts;
  }

  async function deadLetter(entries: StreamEntry[], error: unknown): Promise<void> {
    for (const [id, fields] of entries) {
      await redis.xadd(deadLetterStream(stream), '*', 'from', id, 'group', group, 'error', String((error as Error)?.message ?? error), ...(fields ?? []));
      attempts.delete(id);
    }
    status.deadLettered += entries.length;
    if (entries.length > 0) status.acked += await redis.xack(stream, group, ...entries.map((e) => e[0]));
  }

  /**
   * `firstDelivery`: the entries were read with '>', so each is on its first delivery and none can
   * have exhausted its attempts; asking Redis would cost a round trip before every fresh batch, on the
   * path of every live delta (fan-out bench at load ~9: the wait before the handler p90 0.73–0.96 s with the
   * check, 0.36–0.54 s without).
   */
  async function handle(entries: StreamEntry[], firstDelivery = false): Promise<void> {
    if (entries.length === 0) return;
    // A message that killed every consumer before it could fail cleanly: its delivery count says so.
    const counts = firstDelivery ? new Map<string, number>() : await deliveries(entries.map((e) => e[0]));
    const exhausted = entries.filter((e) => (counts.get(e[0]) ?? 0) > semantics.maxAttempts);
    if (exhausted.length > 0) {
      await deadLetter(exhausted, new Error(`delivered more than ${semantics.maxAttempts} times without an acknowledgement`));
      onError(new Error(`entries ${exhausted.map((e) => e[0]).join(', ')}`), 'moved to the dead-letter stream (exhausted)');
    }
    const batch = exhausted.length > 0 ? entries.filter((e) => !exhausted.includes(e)) : entries;
    if (batch.length === 0) return;
    status.delivered += batch.length;
    let outcome: BatchOutcome;
    try {
      outcome = (await options.handle(batch)) ?? {};
    } catch (error) {
      outcome = { failed: batch.map((e) => ({ id: e[0], error })) };
    }
    const byId = new Map(batch.map((e) => [e[0], e]));
    const notAcked = new Set<string>(outcome.keep ?? []);
    if (outcome.poison?.length) {
      const poison = outcome.poison.map((p) => byId.get(p.id)).filter((e): e is StreamEntry => e !== undefined);
      for (const p of outcome.poison) notAcked.add(p.id);
      await deadLetter(poison, outcome.poison[0]!.error);
      onError(new Error(`malformed entries ${poison.map((e) => e[0]).join(', ')}`), 'moved to the dead-letter stream');
    }
    const failedIds = new Set((outcome.failed ?? []).map((f) => f.id));
    const done = batch.filter((e) => !notAcked.has(e[0]) && !failedIds.has(e[0])).map((e) => e[0]);
    for (const id of done) attempts.delete(id);
    if (done.length > 0) {
      if (semantics.ackInBackground) acknowledgeInBackground(done);
      else status.acked += await redis.xack(stream, group, ...done);
    }
    if (outcome.failed?.length) {
      status.failed += outcome.failed.length;
      const counted = await deliveries(outcome.failed.map((f) => f.id));
      const give: StreamEntry[] = [];
      let lastError: unknown;
      for (const f of outcome.failed) {
        notAcked.add(f.id);
        const n = Math.max((attempts.get(f.id) ?? 0) + 1, counted.get(f.id) ?? 0);
        attempts.set(f.id, n);
        lastError = f.error;
        if (n >= semantics.maxAttempts) give.push(byId.get(f.id)!);
      }
      if (give.length > 0) {
        await deadLetter(give, lastError);
        onError(lastError, `entries ${give.map((e) => e[0]).join(', ')} failed ${semantics.maxAttempts} times, moved to the dead-letter stream`);
      }
      if (give.length < outcome.failed.length) {
        onError(lastError, `${outcome.failed.length - give.length} entries not handled, will retry`);
        throw new RetryLater(lastError);
      }
    }
  }

  /** Acknowledgements sent and not answered yet (`ackInBackground`): stop waits for them. */
  const acks = new Set<Promise<void>>();
  function acknowledgeInBackground(ids: string[]): void {
    const ack: Promise<void> = redis.xack(stream, group, ...ids).then(
      (n) => { status.acked += n; },
      (error: unknown) => onError(error, `entries ${ids.join(', ')} not acknowledged: still pending, they will be handled again`),
    ).finally(() => acks.delete(ack));
    acks.add(ack);
  }

  async function readGroup(id: string, block: boolean): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', group, consumerName, 'COUNT', batchSize];
    if (block) args.push('BLOCK', blockMs);
    args.push('STREAMS', stream, id);
    blocked = block;
    try {
      const reply = (await ((block ? reader : redis) as Redis).call('XREADGROUP', ...args)) as Array<[string, StreamEntry[]]> | null;
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
      // Entries trimmed away before anyone handled them cannot be recovered; drop them from the PEL.
      const deleted = reply[2] ?? [];
      if (deleted.length > 0) await redis.xack(stream, group, ...deleted);
    } while (cursor !== '0-0' && !stopping);
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
          await handle(fresh, true);
        } else {
          await options.onIdle?.();
          resolveWaiters(started);
          if (stopping) break;
          await handle(await readGroup('>', true), true);
        }
        failures = 0;
      } catch (error) {
        if (stopping) break;
        const message = String((error as Error)?.message ?? error);
        // The stream was lost (Redis restart without persistence, or a gate rebuild): recreate.
        if (message.includes('NOGROUP')) nextClaimAt = 0;
        else if (!(error instanceof RetryLater)) onError(error, 'batch not handled, will retry');
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

  const consumer: StreamConsumer = {
    consumerName,
    async stop() {
      if (!stopping) {
        stopping = true;
        wake();
        // Interrupt a blocking read; entries it might have been handed stay pending (claimed later).
        if (blocked) reader.disconnect();
      }
      await running;
      await Promise.all(acks);
      reader.disconnect();
      live.delete(consumer);
      for (const w of waiters) w.resolve();
      waiters = [];
      // Leave the group tidy: a consumer with nothing pending is forgotten (names are per process).
      try {
        const pending = (await (redis as Redis).call('XPENDING', stream, group, '-', '+', 1, consumerName)) as unknown[];
        if (pending.length === 0) await (redis as Redis).call('XGROUP', 'DELCONSUMER', stream, group, consumerName);
      } catch {
        // Redis already gone: nothing to tidy.
      }
    },
    drained() {
      if (stopping) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ after: cycle, resolve }));
    },
    status: () => ({ ...status }),
  };
  live.add(consumer);
  return consumer;
}

/**
 * A batch handler from a per-entry one: a throwing entry fails alone, the rest are acknowledged.
 *
 * @example
 * handle: eachEntry(async (id, fields) => emit(parseStreamEntry(id, fields)))
 */
export function eachEntry(
  fn: (id: string, fields: string[], behind: number) => Promise<void> | void,
): (entries: StreamEntry[]) => Promise<BatchOutcome> {
  return async (entries) => {
    const failed: BatchOutcome['failed'] = [];
    for (const [i, [id, fields]] of entries.entries()) {
      if (!fields) continue; // trimmed while pending: nothing left to handle
      try {
        // `behind`: entries already read after this one, so a handler can tell a backlog from the present.
        await fn(id, fields, entries.length - 1 - i);
      } catch (error) {
        failed.push({ id, error });
      }
    }
    return { failed };
  };
}

/** Some entries failed and stay pending: back off, then redeliver them. */
class RetryLater extends Error {
  constructor(cause: unknown) {
    super('entries failed; retrying', { cause });
  }
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
