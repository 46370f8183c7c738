/**
 * GET /v1/agencies/health (staff) — how each agency adapter is doing: when it
 * last delivered, how much is waiting, what is dead-lettered, and whether its
 * circuit breaker has given up on the far end for a while. The console shows it.
 * Also the dead-letter list an operator inspects and re-drives.
 */
import { z } from 'zod';
import { ZAgencySchema, ZGateCodeSchema, ZIsoDateTimeSchema } from '../common.ts';
import { ZAgencyMessageKindSchema } from './envelope.ts';

/** Wire formats an adapter speaks: VNACCS-style XML, UN/EDIFACT (CUSDEC/CUSRES), signed JSON webhooks. */
export const ZAdapterKindSchema = z.enum(['vnaccs', 'edifact', 'webhook']);
export type AdapterKind = z.infer<typeof ZAdapterKindSchema>;

/** Adapter name as configured (also the `:adapter` path segment), e.g. `vn-customs`. */
export const ZAdapterNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'adapter name must be 2–32 lower-case letters, digits or -, starting with a letter, e.g. vn-customs');

/**
 * closed: delivering normally; open: the far end failed repeatedly, nothing is sent until `retryAt`;
 * half_open: one probe message is in flight to see whether the far end is back.
 */
export const ZBreakerStateSchema = z.enum(['closed', 'open', 'half_open']);
export type BreakerState = z.infer<typeof ZBreakerStateSchema>;

export const ZBreakerStatusSchema = z.object({
  state: ZBreakerStateSchema,
  /** When the breaker entered this state (null: never tripped since the adapter started). */
  since: ZIsoDateTimeSchema.nullable(),
  /** Failures in a row (reset by a success). */
  consecutiveFailures: z.number().int().min(0),
  /** How many times it has opened in total. */
  opened: z.number().int().min(0),
  /** While open: when the next probe may go. */
  retryAt: ZIsoDateTimeSchema.nullable(),
});
export type BreakerStatus = z.infer<typeof ZBreakerStatusSchema>;

export const ZAdapterHealthSchema = z.object({
  adapter: ZAdapterNameSchema,
  kind: ZAdapterKindSchema,
  agency: ZAgencySchema,
  gates: z.array(ZGateCodeSchema),
  /** ok: breaker closed and nothing dead; degraded: dead letters or a stuck backlog; down: breaker open. */
  status: z.enum(['ok', 'degraded', 'down']),
  lastSuccessAt: ZIsoDateTimeSchema.nullable(),
  lastFailureAt: ZIsoDateTimeSchema.nullable(),
  /** The last delivery error (HTTP status or network error), for the operator. */
  lastError: z.string().nullable(),
  /** Accepted outbound messages not yet delivered (waiting, retrying, or behind a dead letter of the same trip). */
  backlog: z.number().int().min(0),
  /** Age of the oldest undelivered message (ms); null when the backlog is empty. */
  oldestPendingMs: z.number().min(0).nullable(),
  deadLetters: z.number().int().min(0),
  /** Trips whose later messages wait behind a dead letter (per-trip order is kept). */
  blockedTrips: z.number().int().min(0),
  delivered: z.number().int().min(0),
  breaker: ZBreakerStatusSchema,
  inbound: z.object({
    lastReceivedAt: ZIsoDateTimeSchema.nullable(),
    accepted: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    rejected: z.number().int().min(0),
  }),
  /** VNACCS polling mode: when decisions were last fetched and up to which cursor; null if the adapter does not poll. */
  polling: z
    .object({ lastPollAt: ZIsoDateTimeSchema.nullable(), cursor: z.string().nullable(), lastError: z.string().nullable() })
    .nullable(),
});
export type AdapterHealth = z.infer<typeof ZAdapterHealthSchema>;

export const ZAgencyHealthResponseSchema = z.object({
  at: ZIsoDateTimeSchema,
  /** Worst status of all adapters ('ok' when none is configured). */
  status: z.enum(['ok', 'degraded', 'down']),
  adapters: z.array(ZAdapterHealthSchema),
});
export type AgencyHealthResponse = z.infer<typeof ZAgencyHealthResponseSchema>;

/** One outbound message the far end refused for good (or that ran out of attempts). */
export const ZDeadLetterSchema = z.object({
  messageId: z.uuid(),
  adapter: ZAdapterNameSchema,
  kind: ZAgencyMessageKindSchema,
  /** The trip whose later messages wait behind this one. */
  tripId: z.string(),
  acceptedAt: ZIsoDateTimeSchema,
  failedAt: ZIsoDateTimeSchema,
  attempts: z.number().int().min(0),
  error: z.string(),
  /** How many times an operator has re-driven it. */
  redriven: z.number().int().min(0),
  /** The envelope as it would be sent (JSON form, whatever the adapter's wire format). */
  envelope: z.record(z.string(), z.unknown()),
});
export type DeadLetter = z.infer<typeof ZDeadLetterSchema>;

export const ZDeadLetterListResponseSchema = z.object({
  adapter: ZAdapterNameSchema,
  total: z.number().int().min(0),
  deadLetters: z.array(ZDeadLetterSchema),
});
export type DeadLetterListResponse = z.infer<typeof ZDeadLetterListResponseSchema>;

/** POST /v1/agencies/:adapter/dead-letters/redrive — all of them, or the listed ones. */
export const ZRedriveRequestSchema = z
  .object({ messageIds: z.array(z.uuid({ error: 'messageIds must be UUIDs' })).min(1).max(1000).optional() })
  .strict();
export type RedriveRequest = z.infer<typeof ZRedriveRequestSchema>;

export const ZRedriveResponseSchema = z.object({
  redriven: z.array(z.uuid()),
  /** Ids that were not (or no longer) dead letters of this adapter. */
  notFound: z.array(z.string()),
});
export type RedriveResponse = z.infer<typeof ZRedriveResponseSchema>;
