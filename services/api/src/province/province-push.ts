/**
 * The signed, retried push of the province feed to a configured LGSP / IOC endpoint
 * (PROVINCE_PUSH_URL, PROVINCE_PUSH_SECRET). A consumer group `province` on each gate's event stream
 * anonymises every trip event (province-feed.ts: the same form the pull API answers) and writes it to the
 * transactional outbox, so only anonymised data is ever stored for sending. The outbox relay then POSTs
 * each one, signed like a carrier webhook (webhook-signature.ts: `webhook-signature: v1=<hmac>` over
 * `<timestamp>.<body>`, `webhook-id` = a stable message id to deduplicate by). A failed send is retried
 * with a doubling delay (capped), and holds back the gate's later events, so the receiver gets each
 * gate's events in order, at least once. The destination passes the SSRF guard on every attempt.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PrismaClient } from '@borderflow/db';
import { WEBHOOK_HEADERS, type GateEvent, type ProvinceTripEvent } from '@borderflow/contracts';
import { enqueueOutbox, SendLater, startOutboxRelay, type OutboxSender, type StreamSemantics } from '@borderflow/persist';
import type { GateScheduler } from '@borderflow/scheduler';
import { startFanout, type Fanout } from '../live/fanout.ts';
import { signWebhook } from '../notify/webhook-signature.ts';
import { assertPublicDestination } from '../notify/ssrf-guard.ts';
import { deliveryIdOf } from '../notify/webhook-delivery.ts';
import { provinceEvent } from './province-feed.ts';

export const PROVINCE_PUSH_TOPIC = 'province_event';
export const PROVINCE_PUSH_GROUP = 'province';
/** The province relay's own outbox lock ("PROV"): a slow LGSP endpoint never holds up call-up webhooks and SMS. */
const PROVINCE_OUTBOX_LOCK_KEY = 0x50524f56;
/** From the first start on, new events only (history is in the pull API and the dumps); never skip one later. */
const PROVINCE_SEMANTICS: StreamSemantics = { startAt: '$', maxAttempts: 20 };

export interface ProvincePushConfig {
  url: string;
  /** The HMAC secret the receiver verifies signatures with. */
  secret: string;
  /** First retry delay, doubled per failed attempt (default 5 s; tests shorten it). */
  backoffMs?: number;
  /** How often the relay looks for new messages (default 500 ms). */
  outboxPollMs?: number;
}

/**
 * The push target from the environment; null when PROVINCE_PUSH_URL is unset (no push).
 *
 * @example
 * provincePushFromEnv({ PROVINCE_PUSH_URL: 'https://ioc.laocai.gov.vn/bf', PROVINCE_PUSH_SECRET: '…' });
 */
export function provincePushFromEnv(env: NodeJS.ProcessEnv = process.env): ProvincePushConfig | null {
  const url = env.PROVINCE_PUSH_URL?.trim();
  if (!url) return null;
  const secret = env.PROVINCE_PUSH_SECRET ?? '';
  if (secret.length < 32) throw new Error('PROVINCE_PUSH_SECRET must be at least 32 characters when PROVINCE_PUSH_URL is set');
  return { url, secret };
}

/**
 * Writes a gate event's anonymised form to the outbox (nothing for events about no trip). The message id
 * is derived from the event, so a redelivered stream entry is one message.
 */
export async function enqueueProvinceEvent(db: PrismaClient, pseudonymSecret: string, event: GateEvent): Promise<void> {
  const out = provinceEvent(pseudonymSecret, event);
  if (!out) return;
  await enqueueOutbox(db, { topic: PROVINCE_PUSH_TOPIC, key: `province:${event.gate}`, id: deliveryIdOf(out.id, 'province'), payload: out });
}

/**
 * The relay's sender: one signed POST per event; non-2xx, a timeout or an unsafe destination fails it
 * (and the relay retries it later). `backoffMs` doubles per failed attempt up to `maxBackoffMs`.
 */
export function provincePushSender(
  config: ProvincePushConfig,
  { allowPrivate, backoffMs = 5_000, maxBackoffMs = 300_000, timeoutMs = 10_000 }: { allowPrivate: boolean; backoffMs?: number; maxBackoffMs?: number; timeoutMs?: number },
): OutboxSender {
  const lastTry = new Map<string, number>();
  return async (message) => {
    const last = lastTry.get(message.id);
    if (message.attempts > 0 && last !== undefined && Date.now() - last < Math.min(maxBackoffMs, backoffMs * 2 ** (message.attempts - 1))) {
      // Not an attempt: counting the waits as failures doubled the delay on every poll (a 503 then waited 5 minutes).
      throw new SendLater('waiting before the next attempt');
    }
    lastTry.set(message.id, Date.now());
    await assertPublicDestination(config.url, allowPrivate);
    const event = message.payload as ProvinceTripEvent;
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(config.url, {
      method: 'POST',
      // A redirect could lead to an inside address the guard never saw: not followed, a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'BorderFlow-Province/1',
        [WEBHOOK_HEADERS.id]: message.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(config.secret, timestamp, body),
        [WEBHOOK_HEADERS.event]: 'province.trip-event',
      },
      body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`the province endpoint answered HTTP ${res.status}`);
    lastTry.delete(message.id);
  };
}

export interface ProvincePushOptions {
  db: PrismaClient;
  redis: Redis | Cluster;
  schedulers: ReadonlyMap<string, GateScheduler>;
  config: ProvincePushConfig;
  pseudonymSecret: string;
  consumer: string;
  logger: Logger;
  allowPrivate: boolean;
}

/**
 * Starts the push in a worker process.
 *
 * @example
 * const push = startProvincePush({ db, redis, schedulers, config, pseudonymSecret, consumer, logger, allowPrivate: false });
 * await push.stop();
 */
export function startProvincePush(options: ProvincePushOptions): { stop(): Promise<void> } {
  const { db, logger } = options;
  const consumers: Fanout[] = [...options.schedulers.values()].map((s) =>
    startFanout({
      redis: options.redis, streamKey: s.eventsStream(), group: PROVINCE_PUSH_GROUP, semantics: PROVINCE_SEMANTICS,
      consumer: options.consumer, logger,
      emit: (event) => enqueueProvinceEvent(db, options.pseudonymSecret, event),
    }),
  );
  const relay = startOutboxRelay({
    prisma: db,
    pollMs: options.config.outboxPollMs,
    lockKey: PROVINCE_OUTBOX_LOCK_KEY,
    senders: { [PROVINCE_PUSH_TOPIC]: provincePushSender(options.config, { allowPrivate: options.allowPrivate, backoffMs: options.config.backoffMs }) },
    onError: (err, context) => logger.warn({ err }, context),
  });
  return {
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await relay.stop();
    },
  };
}
