/**
 * Transactional outbox. A message for the outside world is written with `enqueueOutbox` in the
 * same database transaction as the change it reports, so it exists exactly when the change does;
 * `startOutboxRelay` hands committed messages to their topic's sender and deletes them once sent.
 * A crash anywhere (before the commit: neither exists; after the commit: the message waits; after
 * the send, before the delete: it is sent again) sends each message at least once, always under
 * its own id, which receivers deduplicate by. Several relays may run (one per worker process):
 * one sends at a time, under a transaction-scoped advisory lock, the others stand by.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '@borderflow/db';

export interface OutboxInput {
  /** The sender that takes it, e.g. `movement_notice`. */
  topic: string;
  /** Ordering key (a trip id): messages of one key are sent in the order written. */
  key: string;
  payload: Prisma.InputJsonValue;
  /**
   * A stable id for a message that a retried change may write again (a cancel retried after a crash
   * between the scheduler and the database): written once while it waits, and sent again under the
   * same id if it was already sent, which receivers drop as a duplicate. Default: a fresh UUID.
   */
  id?: string;
}

export interface OutboxEntry {
  /** Stable across redeliveries: the message id receivers deduplicate by. */
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  attempts: number;
}

/** pg advisory lock key of the relay ("OUTB"). */
const OUTBOX_LOCK_KEY = 0x4f555442;

type Tx = Pick<Prisma.TransactionClient, '$executeRaw'>;

/**
 * Writes a message in the caller's transaction; returns its id.
 *
 * @example
 * await db.$transaction(async (tx) => {
 *   const trip = await tx.trip.create({ ... });
 *   await enqueueOutbox(tx, { topic: 'movement_notice', key: trip.id, payload: { tripId: trip.id } });
 * });
 */
export async function enqueueOutbox(tx: Tx, message: OutboxInput): Promise<string> {
  const id = message.id ?? randomUUID();
  // A raw statement, so a transaction of raw statements (a registration's: @borderflow/db's directTransaction)
  // stays off Prisma's client. created_at is the client's time, as Prisma stamps its now() defaults.
  // A stable id written twice is written once (it waits, or was sent: receivers drop the duplicate).
  await tx.$executeRaw`
    INSERT INTO "outbox_messages" ("id", "topic", "key", "payload", "created_at")
    VALUES (${id}, ${message.topic}, ${message.key}, CAST(${JSON.stringify(message.payload)} AS jsonb), CAST(${new Date()} AS timestamptz))
    ${message.id ? Prisma.sql`ON CONFLICT ("id") DO NOTHING` : Prisma.empty}`;
  return id;
}

/**
 * Sends one message. It reads the database through `tx`, the relay's own transaction: on PGlite
 * (one connection) a read through the shared client would wait for that transaction forever.
 */
/**
 * A sender's "not yet": the message waits out its delay after a failed send. It is not an attempt (attempts
 * count real failures, which a sender's backoff doubles on) and holds back its key's later messages like one.
 */
export class SendLater extends Error {}

export type OutboxSender = (message: OutboxEntry, tx: Prisma.TransactionClient) => Promise<void>;

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  /** One sender per topic; a message whose topic has none here waits for a relay that has one. */
  senders: Record<string, OutboxSender>;
  /** How often to look for messages when the last look found none. Default 500 ms. */
  pollMs?: number;
  batchSize?: number;
  /** No polling loop: only `flush()` sends (tests; a one-off drain). */
  manual?: boolean;
  /**
   * The advisory lock relays of these topics share (default: the one of every relay). A relay whose
   * sender may wait long on a slow receiver takes its own, so it never holds up the other topics.
   */
  lockKey?: number;
  onError?: (error: unknown, context: string) => void;
}

export interface OutboxRelay {
  /** Sends what is committed now; resolves with how many were sent (for tests and shutdown). */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * @example
 * const relay = startOutboxRelay({ prisma, senders: { movement_notice: (m) => sendNotice(m) } });
 * await relay.stop();
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 50;
  const lockKey = options.lockKey ?? OUTBOX_LOCK_KEY;
  const topics = Object.keys(options.senders);
  const onError = options.onError ?? ((error, context) => console.error(`[outbox] ${context}:`, error));
  let stopping = false;
  let wake: () => void = () => undefined;
  let busy: Promise<number> = Promise.resolve(0);

  async function relayOnce(): Promise<number> {
    if (topics.length === 0) return 0;
    return options.prisma.$transaction(async (tx) => {
      // One relay at a time (the others stand by): two relays could otherwise send a key's messages out of order.
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${lockKey}) AS locked`;
      if (!lock?.locked) return 0;
      const rows = await tx.$queryRaw<Array<{ id: string; topic: string; key: string; payload: unknown; attempts: number }>>`
        SELECT id, topic, key, payload, attempts FROM outbox_messages
        WHERE topic = ANY(${topics}) ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE`;
      let sent = 0;
      const blocked = new Set<string>();
      for (const row of rows) {
        // A failed message holds back the later ones of its key: they must not overtake it.
        if (blocked.has(row.key)) continue;
        try {
          await options.senders[row.topic]!(row, tx);
          await tx.outboxMessage.delete({ where: { id: row.id } });
          sent++;
        } catch (error) {
          blocked.add(row.key);
          if (error instanceof SendLater) continue;
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: { attempts: { increment: 1 }, lastError: String((error as Error)?.message ?? error).slice(0, 500) },
          });
          onError(error, `outbox message ${row.id} (${row.topic}) not sent; will retry`);
        }
      }
      return sent;
    }, { timeout: 60_000 });
  }

  function flush(): Promise<number> {
    busy = busy.catch(() => 0).then(relayOnce);
    return busy;
  }

  const running = (async () => {
    let failures = 0;
    while (!stopping && !options.manual) {
      let sent = 0;
      try {
        sent = await flush();
        failures = 0;
      } catch (error) {
        if (stopping) break;
        failures++;
        onError(error, 'outbox relay could not read the outbox; retrying');
      }
      if (sent > 0 && failures === 0) continue;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, failures > 0 ? Math.min(10_000, pollMs * 2 ** failures) : pollMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    flush,
    async stop() {
      stopping = true;
      wake();
      await running;
      await busy.catch(() => undefined);
    },
  };
}
