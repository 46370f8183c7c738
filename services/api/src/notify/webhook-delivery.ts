/**
 * Delivering carrier webhooks: one BullMQ job per (event, endpoint), retried with exponential
 * backoff, each attempt signed afresh (webhook-signature.ts) under the same message id, and
 * written to the delivery log the company's administrator reads. The job's id is the message id,
 * so an event handed over twice (the outbox is at-least-once) is one job while it waits.
 */
import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PrismaClient } from '@borderflow/db';
import { WEBHOOK_HEADERS, type WebhookMessageType } from '@borderflow/contracts';
import { signWebhook } from './webhook-signature.ts';
import { assertPublicDestination, UnsafeDestination } from './ssrf-guard.ts';

export const WEBHOOK_QUEUE = 'webhooks';

export interface WebhookJob {
  /** The message id (`webhook-id`) and the delivery log row's id. */
  deliveryId: string;
  endpointId: string;
  companyId: string;
  event: WebhookMessageType;
  /** The exact bytes sent and signed. */
  body: string;
}

export interface WebhookDeliveryOptions {
  db: PrismaClient;
  /** BullMQ's own connection (`maxRetriesPerRequest: null`). */
  bullConnection: Redis | Cluster;
  prefix: string;
  logger: Logger;
  allowPrivate: boolean;
  /** Attempts per delivery (default 8: about 40 min of retries at the default backoff). */
  attempts?: number;
  /** First retry after this; each next one doubles (default 10 s). */
  backoffMs?: number;
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number;
}

/**
 * The message id of one event for one endpoint: derived, so every hand-over of the same event
 * gives the same id and receivers can deduplicate.
 */
export function deliveryIdOf(eventId: string, endpointId: string): string {
  const h = createHash('sha256').update(`${eventId}/${endpointId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * @example
 * const deliveries = new WebhookDeliveries({ db, bullConnection, prefix: 'bf:', logger, allowPrivate: false });
 * await deliveries.enqueue({ deliveryId, endpointId, companyId, event: 'call-up', body });
 */
export class WebhookDeliveries {
  private readonly queue: Queue<WebhookJob>;
  private readonly worker: Worker<WebhookJob>;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: WebhookDeliveryOptions) {
    const prefix = `${options.prefix}{wh}`;
    this.attempts = options.attempts ?? 8;
    this.backoffMs = options.backoffMs ?? 10_000;
    this.queue = new Queue<WebhookJob>(WEBHOOK_QUEUE, { connection: options.bullConnection, prefix });
    this.worker = new Worker<WebhookJob>(WEBHOOK_QUEUE, (job) => this.attempt(job), { connection: options.bullConnection, prefix, concurrency: 8 });
    this.worker.on('error', (err) => options.logger.warn({ err: err.message }, 'webhook worker error'));
  }

  async enqueue(job: WebhookJob): Promise<void> {
    await this.queue.add('deliver', job, {
      jobId: job.deliveryId,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  private async log(job: Job<WebhookJob>, result: { status: 'pending' | 'delivered' | 'failed'; lastStatus: number | null; lastError: string | null }): Promise<void> {
    const { deliveryId, endpointId, companyId, event, body } = job.data;
    const attempts = job.attemptsMade + 1;
    const deliveredAt = result.status === 'delivered' ? new Date() : null;
    await this.options.db.webhookDelivery.upsert({
      where: { id: deliveryId },
      create: { id: deliveryId, endpointId, companyId, event, payload: JSON.parse(body), attempts, deliveredAt, ...result },
      update: { attempts, deliveredAt, ...result },
    });
  }

  private async attempt(job: Job<WebhookJob>): Promise<void> {
    const endpoint = await this.options.db.webhookEndpoint.findUnique({ where: { id: job.data.endpointId } });
    if (!endpoint || endpoint.revokedAt) {
      await this.log(job, { status: 'failed', lastStatus: null, lastError: 'endpoint deleted' });
      return;
    }
    try {
      await assertPublicDestination(endpoint.url, this.options.allowPrivate);
    } catch (err) {
      if (!(err instanceof UnsafeDestination)) throw err;
      // A name re-pointed at an inside address: no retry will make it safe.
      await this.log(job, { status: 'failed', lastStatus: null, lastError: err.message });
      throw new UnrecoverableError(err.message);
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let status: number | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        // A redirect could lead to an inside address the guard never saw: not followed, a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'BorderFlow-Webhooks/1',
          [WEBHOOK_HEADERS.id]: job.data.deliveryId,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(endpoint.secret, timestamp, job.data.body),
          [WEBHOOK_HEADERS.event]: job.data.event,
        },
        body: job.data.body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await this.log(job, { status: 'delivered', lastStatus: status, lastError: null });
        return;
      }
      throw new Error(`the receiver answered HTTP ${res.status}`);
    } catch (err) {
      const message = (err as Error).name === 'TimeoutError' ? 'no answer in time' : (err as Error).message;
      await this.log(job, { status: last ? 'failed' : 'pending', lastStatus: status, lastError: message.slice(0, 500) });
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }
}
