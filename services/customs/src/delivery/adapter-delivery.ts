/**
 * The outbound pipeline of one adapter: its own BullMQ queue, a worker that
 * delivers each trip's head message, retries with exponential backoff and
 * jitter, a circuit breaker, and a dead-letter list with re-drive.
 *
 * What a job does (its id is `<messageId>-g<generation>`):
 *   1. skip unless the message is still pending and first of its trip;
 *   2. ask the breaker: while it is open the job waits (delayed) without
 *      spending an attempt;
 *   3. send; on a permanent refusal, or the last attempt, dead-letter it
 *      (its trip waits behind it); otherwise throw so BullMQ retries;
 *   4. on success mark it delivered and go on with the trip's next message in
 *      the same job (a burst: after an outage a trip has several waiting),
 *      up to `BURST` messages; the next one that fails, or the rest after the
 *      burst, gets a job of its own (with its own attempts and backoff).
 * A crash anywhere leaves either a pending head with a job (BullMQ's stalled
 * check re-runs it: at-least-once, receivers are idempotent on messageId) or
 * a head without a job, which the repair sweep finds and enqueues.
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeliveryConfig } from '../config/adapter-config.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { DeliveryError, type Transport } from './http-transport.ts';
import { Outbox, jobIdOf, type OutboxHead, type OutboxKind, type OutboxMessage } from './outbox.ts';
import { OutboxKeys } from './outbox-keys.ts';

export const OUTBOUND_QUEUE = 'outbound';
/** Messages of one trip one job delivers in a row (well inside BullMQ's 30 s lock even at the HTTP timeout). */
const BURST = 16;
const BURST_MS = 5_000;
const BACKOFF_TYPE = 'jittered-exponential';

export interface AdapterDeliveryOptions {
  adapter: string;
  /** Command connection (Lua scripts, reads). */
  redis: Redis | Cluster;
  /** BullMQ's connection: `maxRetriesPerRequest: null`, as BullMQ requires for workers. */
  bullConnection: Redis | Cluster;
  prefix: string;
  delivery: DeliveryConfig;
  transport: Transport;
  logger: Logger;
  /** Run the worker in this process (default true); API-only processes just accept. */
  worker?: boolean;
  /** How often heads without a job are looked for (default 15 s; 0 = never). */
  repairEveryMs?: number;
}

interface DeliverJob {
  id: string;
}

/**
 * Exponential backoff with jitter: the n-th retry waits a random 50–100 % of
 * min(max, base·2^(n-1)), so retries of many messages after an outage spread out.
 *
 * @example
 * retryDelay(3, 1000, 300_000); // between 2000 and 4000
 */
export function retryDelay(attemptsMade: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * @example
 * const delivery = new AdapterDelivery({ adapter: 'vn-customs', redis, bullConnection, prefix: 'bf:', delivery, transport, logger });
 * await delivery.enqueue({ id: randomUUID(), order: tripId, kind: 'movement_notice', body });
 * await delivery.close();
 */
export class AdapterDelivery {
  readonly keys: OutboxKeys;
  readonly outbox: Outbox;
  readonly breaker: CircuitBreaker;
  readonly queue: Queue<DeliverJob>;
  private worker: Worker<DeliverJob> | null = null;
  private repairTimer: NodeJS.Timeout | null = null;
  private repairing: Promise<unknown> | null = null;
  private readonly log: Logger;

  constructor(private readonly options: AdapterDeliveryOptions) {
    this.keys = new OutboxKeys(options.prefix, options.adapter);
    this.outbox = new Outbox(options.redis, this.keys);
    this.breaker = new CircuitBreaker(options.redis, this.keys.breaker, options.delivery);
    this.log = options.logger.child({ adapter: options.adapter });
    const connection = options.bullConnection;
    this.queue = new Queue<DeliverJob>(OUTBOUND_QUEUE, { connection, prefix: this.keys.queuePrefix });
    this.queue.on('error', (err) => this.log.warn({ err: err.message }, 'outbound queue error'));
    if (options.worker !== false) this.startWorker();
    const every = options.repairEveryMs ?? 15_000;
    if (every > 0) {
      this.repairTimer = setInterval(() => {
        if (this.repairing) return;
        this.repairing = this.repair()
          .catch((err: unknown) => this.log.warn({ err }, 'repair sweep failed'))
          .finally(() => (this.repairing = null));
      }, every);
      this.repairTimer.unref();
    }
  }

  /**
   * Accepts a message durably; resolves once it is in Redis (false: a duplicate id).
   *
   * @example
   * const fresh = await delivery.enqueue({ id, order: tripId, kind: 'gate_event', body: JSON.stringify(envelope) });
   */
  async enqueue(message: { id: string; order: string; kind: OutboxKind; body: string }): Promise<boolean> {
    const { accepted, head } = await this.outbox.accept(message, Date.now());
    if (head) await this.addJob(head);
    return accepted;
  }

  /** Re-drives dead letters (all when `ids` is omitted); returns the ids re-driven. */
  async redrive(ids?: string[]): Promise<{ redriven: string[]; notFound: string[] }> {
    const wanted = ids ?? (await this.outbox.deadLetterIds());
    const redriven: string[] = [];
    const notFound: string[] = [];
    for (const id of wanted) {
      const head = await this.outbox.redrive(id, Date.now());
      if (!head) {
        notFound.push(id);
        continue;
      }
      await this.addJob(head);
      redriven.push(id);
    }
    if (redriven.length) this.log.info({ count: redriven.length }, 're-drove dead letters');
    return { redriven, notFound };
  }

  /** Gives every trip head without a job one; returns how many needed it. */
  async repair(): Promise<number> {
    let repaired = 0;
    for (const head of await this.outbox.heads()) {
      // Adding is idempotent by job id anyway; looking first avoids re-adding a head whose job just finished.
      if (await this.queue.getJob(jobIdOf(head))) continue;
      const message = await this.outbox.load(head.id);
      if (message?.state !== 'pending') continue;
      await this.addJob(head);
      repaired++;
    }
    if (repaired) this.log.warn({ repaired }, 'trip heads without a delivery job were re-enqueued');
    return repaired;
  }

  private addJob(head: OutboxHead, delayMs = 0) {
    const { delivery } = this.options;
    return this.queue.add(
      'deliver',
      { id: head.id },
      {
        jobId: jobIdOf(head),
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        attempts: delivery.attempts,
        backoff: { type: BACKOFF_TYPE },
        // The outbox keeps the message and its outcome; finished jobs need not stay.
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  private startWorker(): void {
    const { delivery } = this.options;
    this.worker = new Worker<DeliverJob>(OUTBOUND_QUEUE, (job, token) => this.process(job, token), {
      connection: this.options.bullConnection,
      prefix: this.keys.queuePrefix,
      concurrency: delivery.concurrency,
      settings: {
        backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade, delivery.backoffMs, delivery.maxBackoffMs),
      },
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'outbound worker error'));
  }

  private async process(job: Job<DeliverJob>, token: string | undefined): Promise<string> {
    const first = await this.outbox.claim(job.data.id, Date.now());
    // A job left over from before a delivery, a dead-lettering or a re-drive: nothing to do.
    if (!first) return 'skipped';
    const permit = await this.breaker.acquire(Date.now());
    if (!permit.allowed) return this.waitForBreaker(job, token, permit.waitMs);
    try {
      await this.options.transport.send(first);
    } catch (err) {
      const error = err instanceof DeliveryError ? err : new DeliveryError(String(err), false);
      if (error.permanent) return this.refused(first, error, job.attemptsMade + 1);
      await this.breaker.failure(Date.now(), error.message);
      // A failed probe re-opened the breaker: the outage goes on, which is no fault of this message.
      if (permit.probe) return this.waitForBreaker(job, token, this.options.delivery.cooldownMs);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.outbox.deadLetter(first.id, error.message, job.attemptsMade + 1, Date.now());
        this.log.warn({ messageId: first.id, error: error.message }, 'message out of attempts: dead-lettered');
        return 'dead';
      }
      throw error;
    }
    await this.breaker.success(Date.now());
    return this.burst(first, Date.now() + BURST_MS);
  }

  /** After `sent` was delivered: the rest of its trip, in order, while the burst lasts. */
  private async burst(sent: OutboxMessage, until: number): Promise<string> {
    let done = await this.outbox.delivered(sent.id, Date.now(), sent.order);
    for (let n = 1; done?.next; n++) {
      const next = done.next;
      const message = next.message;
      if (!message || n >= BURST || Date.now() > until || !(await this.breaker.acquire(Date.now())).allowed) {
        await this.addJob(next);
        break;
      }
      try {
        await this.options.transport.send(message);
      } catch (err) {
        const error = err instanceof DeliveryError ? err : new DeliveryError(String(err), false);
        if (error.permanent) return this.refused(message, error, 1);
        await this.breaker.failure(Date.now(), error.message);
        // Its own job from here on: attempts and backoff like any other.
        await this.addJob(next, retryDelay(1, this.options.delivery.backoffMs, this.options.delivery.maxBackoffMs));
        break;
      }
      await this.breaker.success(Date.now());
      done = await this.outbox.delivered(message.id, Date.now(), message.order);
    }
    return 'delivered';
  }

  /** The far end answered, so it is up; it just refuses this message for good. */
  private async refused(message: OutboxMessage, error: DeliveryError, attempts: number): Promise<string> {
    await this.breaker.success(Date.now());
    await this.outbox.deadLetter(message.id, error.message, attempts, Date.now());
    this.log.warn({ messageId: message.id, error: error.message }, 'message refused by the far end: dead-lettered');
    return 'dead';
  }

  /** Parks the job until the breaker may let something through; no attempt is spent. */
  private async waitForBreaker(job: Job<DeliverJob>, token: string | undefined, waitMs: number): Promise<never> {
    // A little jitter so the waiting heads do not all wake in the same millisecond.
    await job.moveToDelayed(Date.now() + waitMs + Math.round(Math.random() * Math.min(1000, waitMs / 4)), token);
    throw new DelayedError();
  }

  async close(): Promise<void> {
    if (this.repairTimer) clearInterval(this.repairTimer);
    await this.repairing;
    await this.worker?.close();
    await this.queue.close();
  }
}
