/** Web Push subscriptions of a signed-in driver (issue 12, item 6): call-ups on the phone's lock screen. */
import { z } from 'zod';

export const ZVapidKeySchema = z.object({
  /** The application server key (base64url) for `pushManager.subscribe`. */
  publicKey: z.string(),
});

const ZBase64UrlSchema = (name: string, max: number) =>
  z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, `${name} must be base64url`).min(1, `${name} is required`).max(max, `${name} must be at most ${max} characters`);

/** What `PushSubscription.toJSON()` gives, plus the language the driver reads notices in. */
export const ZPushSubscribeRequestSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, message: 'endpoint must be the push service URL the browser gave' }).max(2000, 'endpoint must be at most 2000 characters'),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: ZBase64UrlSchema('keys.p256dh', 200), auth: ZBase64UrlSchema('keys.auth', 100) }).strict(),
    locale: z.enum(['vi', 'en', 'zh']).default('vi'),
  })
  .strict();
export type PushSubscribeRequest = z.input<typeof ZPushSubscribeRequestSchema>;

export const ZPushSubscriptionSchema = z.object({ id: z.string(), endpoint: z.string(), locale: z.string(), createdAt: z.string() });
export type PushSubscriptionView = z.infer<typeof ZPushSubscriptionSchema>;

export const ZPushSubscriptionIdParamsSchema = z.object({ subscriptionId: z.uuid('subscriptionId must be a push subscription id (UUID)') }).strict();
