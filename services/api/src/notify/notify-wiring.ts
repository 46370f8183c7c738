/**
 * Call-up everywhere, wired into one process: a consumer group `notify` on every gate's event
 * stream turns call-ups, holds and releases into outbox messages (company webhooks, the driver's
 * SMS and Web Push); the outbox relay hands webhooks to the BullMQ delivery worker and sends the
 * driver's notices.
 */
import type { Logger } from 'pino';
import type { Cluster, Redis } from 'ioredis';
import { startOutboxRelay, type StreamSemantics } from '@borderflow/persist';
import type { ApiContext } from '../context.ts';
import { startFanout, type Fanout } from '../live/fanout.ts';
import { companyEventFromGate, companyWebhookSender, COMPANY_WEBHOOK_TOPIC } from './company-events.ts';
import { WebhookDeliveries } from './webhook-delivery.ts';
import { allowPrivateFromEnv } from './ssrf-guard.ts';
import { smsProviderFromEnv, type SmsProvider } from './sms-provider.ts';
import { loadVapidKeys, type VapidKeys } from './web-push-sender.ts';
import { driverNoticeFromGate, driverNoticeSender, DRIVER_NOTICE_TOPIC } from './driver-notices.ts';

export const NOTIFY_GROUP = 'notify';
/**
 * New events only when the group is first made (no webhooks for last month's call-ups); after
 * that the group's position survives restarts. An event that cannot be written is retried a while,
 * then set aside in the dead-letter stream instead of holding up the others.
 */
export const NOTIFY_SEMANTICS: StreamSemantics = { startAt: '$', maxAttempts: 20 };

export interface NotifyOptions {
  /** Let webhooks reach private and loopback addresses (tests, the demo). Default WEBHOOK_ALLOW_PRIVATE. */
  allowPrivateWebhooks?: boolean;
  /** First webhook retry delay, doubled each time (default 10 s; tests shorten it). */
  webhookBackoffMs?: number;
  webhookAttempts?: number;
  /** How often the outbox relay looks for new messages (default 500 ms). */
  outboxPollMs?: number;
  /** The SMS provider (default: SMS_PROVIDER, else the log provider). */
  sms?: SmsProvider;
  /** The VAPID key pair (default: VAPID_* from the environment, else made once in the data directory). */
  vapid?: VapidKeys;
  /** Where the VAPID key pair is kept (the platform's data directory). */
  dataDir?: string;
}

export interface Notifications {
  allowPrivateWebhooks: boolean;
  vapidPublicKey: string;
  stop(): Promise<void>;
}

/**
 * @example
 * const notifications = startNotifications(ctx, {}, fanoutConsumerName(), logger);
 * await notifications.stop();
 */
export function startNotifications(ctx: ApiContext, options: NotifyOptions, consumer: string, logger: Logger, { relays = true }: { relays?: boolean } = {}): Notifications {
  const allowPrivateWebhooks = options.allowPrivateWebhooks ?? allowPrivateFromEnv();
  // An API-only process needs the settings its routes check (private webhook targets, the push
  // key browsers subscribe with); the consumers, the relay and the delivery worker run in workers.
  if (!relays) {
    const vapid = options.vapid ?? loadVapidKeys(process.env, options.dataDir ?? '.data');
    return { allowPrivateWebhooks, vapidPublicKey: vapid.publicKey, stop: async () => undefined };
  }
  // BullMQ wants its own connection with maxRetriesPerRequest null (its workers block).
  const bullConnection = ctx.redis.isCluster
    ? (ctx.redis as Cluster).duplicate(undefined, { enableAutoPipelining: false, redisOptions: { maxRetriesPerRequest: null, connectionName: 'borderflow-webhooks' } })
    : (ctx.redis as Redis).duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null, connectionName: 'borderflow-webhooks' });
  bullConnection.on('error', () => undefined);
  const deliveries = new WebhookDeliveries({
    db: ctx.db, bullConnection, prefix: ctx.prefix, logger, allowPrivate: allowPrivateWebhooks,
    backoffMs: options.webhookBackoffMs, attempts: options.webhookAttempts,
  });
  const sms = options.sms ?? smsProviderFromEnv(process.env, logger);
  const vapid = options.vapid ?? loadVapidKeys(process.env, options.dataDir ?? '.data');
  const consumers: Fanout[] = [...ctx.schedulers.values()].map((s) =>
    startFanout({
      redis: ctx.redis, streamKey: s.eventsStream(), group: NOTIFY_GROUP, semantics: NOTIFY_SEMANTICS, consumer, logger,
      emit: async (event) => {
        await companyEventFromGate(ctx.db, event);
        await driverNoticeFromGate(ctx.db, event);
      },
    }),
  );
  const relay = startOutboxRelay({
    prisma: ctx.db,
    pollMs: options.outboxPollMs,
    senders: {
      [COMPANY_WEBHOOK_TOPIC]: companyWebhookSender(deliveries),
      [DRIVER_NOTICE_TOPIC]: driverNoticeSender({ sms, vapid, logger }),
    },
    onError: (err, context) => logger.warn({ err }, context),
  });
  return {
    allowPrivateWebhooks,
    vapidPublicKey: vapid.publicKey,
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await relay.stop();
      await deliveries.close();
      await bullConnection.quit().catch(() => bullConnection.disconnect());
    },
  };
}
