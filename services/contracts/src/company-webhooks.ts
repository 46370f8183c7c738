/**
 * Carrier and fleet webhooks (issue 12 item 6, issue 13 item 4): a company's administrator
 * registers endpoints for its own trucks' events; each delivery is signed (HMAC-SHA256 over
 * `<timestamp>.<body>`), carries a message id receivers deduplicate by, and is retried with
 * exponential backoff. See docs/webhooks.md for verification.
 */
import { z } from 'zod';

/** What an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = ['booking', 'call-up', 'hold', 'release'] as const;
export const ZWebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof ZWebhookEventSchema>;

/**
 * What a delivery's `type` can be: a subscribed event, or `ping`, sent only when the administrator
 * asks for a test delivery (POST /v1/company/webhooks/{endpointId}/test); nobody subscribes to it.
 */
export const WEBHOOK_MESSAGE_TYPES = [...WEBHOOK_EVENTS, 'ping'] as const;
export const ZWebhookMessageTypeSchema = z.enum(WEBHOOK_MESSAGE_TYPES);
export type WebhookMessageType = z.infer<typeof ZWebhookMessageTypeSchema>;

/** Headers of every delivery. */
export const WEBHOOK_HEADERS = {
  /** The message id: the same on every retry of one delivery. */
  id: 'webhook-id',
  /** Unix seconds when this attempt was signed; refuse old ones (replays). */
  timestamp: 'webhook-timestamp',
  /** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. */
  signature: 'webhook-signature',
  event: 'webhook-event',
} as const;

export const ZCreateWebhookRequestSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, message: 'url must be an absolute http(s) URL' })
      .max(2000, 'url must be at most 2000 characters'),
    events: z.array(ZWebhookEventSchema).min(1, 'events needs at least one event'),
  })
  .strict();
export type CreateWebhookRequest = z.infer<typeof ZCreateWebhookRequestSchema>;

export const ZWebhookIdParamsSchema = z.object({ endpointId: z.uuid('endpointId must be a webhook endpoint id (UUID)') }).strict();

export const ZWebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(ZWebhookEventSchema),
  createdAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof ZWebhookEndpointSchema>;

/** Answer of create: the only time the signing secret is shown. */
export const ZIssuedWebhookEndpointSchema = ZWebhookEndpointSchema.extend({ secret: z.string() });
export type IssuedWebhookEndpoint = z.infer<typeof ZIssuedWebhookEndpointSchema>;

export const ZWebhookEndpointListSchema = z.object({ endpoints: z.array(ZWebhookEndpointSchema) });

export const ZWebhookDeliverySchema = z.object({
  /** The message id (`webhook-id`). */
  id: z.string(),
  endpointId: z.string(),
  url: z.string(),
  event: ZWebhookMessageTypeSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  /** HTTP status of the last attempt (null: no answer, e.g. refused or timed out). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof ZWebhookDeliverySchema>;
export const ZWebhookDeliveryListSchema = z.object({ deliveries: z.array(ZWebhookDeliverySchema) });

/** The body of a delivery. `data` is about one of the company's own trips. */
export const ZWebhookMessageSchema = z.object({
  id: z.string(),
  type: ZWebhookMessageTypeSchema,
  /** RFC 3339: when it happened at the gate. */
  occurredAt: z.string(),
  data: z.object({
    tripId: z.string(),
    gate: z.string(),
    plate: z.string().nullable(),
    /** call-up: the lane to drive to. */
    laneId: z.string().nullable(),
    /** hold / release: the agency's reason; booking: what happened (booked, cancelled). */
    reason: z.string().nullable(),
    /** booking: the slot's start (RFC 3339). */
    slotStart: z.string().nullable(),
  }),
});
export type WebhookMessage = z.infer<typeof ZWebhookMessageSchema>;

/** Answer of a test delivery: the message id to find it by in the delivery log (and in `webhook-id`). */
export const ZWebhookTestResponseSchema = z.object({ deliveryId: z.string() });
export type WebhookTestResponse = z.infer<typeof ZWebhookTestResponseSchema>;
