/**
 * The company feed: every event of a forwarder company's trips on one subscription, for integrators
 * (Socket.IO `/live` `subscribe {company: true}`, or Server-Sent Events at GET /v1/company/live).
 *
 * Each message carries the feed's `seq`: it grows by exactly 1 per message of the company's feed, and
 * every subscription of the company gets every message, so a gap on a subscription is a real loss
 * (the server itself never skips one). Resume with the last seq seen (`since`, or SSE `Last-Event-ID`)
 * within COMPANY_FEED_RECOVERY_MS: the missed messages are replayed; older than that, a snapshot comes
 * first. Every time is RFC 3339 with the gate's offset (+07:00); no epoch milliseconds.
 */
import { z } from 'zod';
import { ZGateEventTypeSchema } from './gate-event.ts';
import { ZStageSchema, ZTripStateSchema } from './domain.ts';

/** How long missed messages are kept for a resume (10 minutes); a resume from older gets a snapshot. */
export const COMPANY_FEED_RECOVERY_MS = 10 * 60_000;
/** At most this many messages are replayed on one resume; a longer gap gets a snapshot. */
export const COMPANY_FEED_MAX_REPLAY = 5_000;

/** RFC 3339 with an explicit offset (`Z` or `±hh:mm`). */
export const ZOffsetTimeSchema = z.iso.datetime({ offset: true });

/** An ETA as absolute times: most likely, and the range it falls in. */
export const ZEtaRangeSchema = z.object({
  expectedAt: ZOffsetTimeSchema,
  earliest: ZOffsetTimeSchema,
  latest: ZOffsetTimeSchema,
});
export type EtaRange = z.infer<typeof ZEtaRangeSchema>;

/** One gate event of one of the company's trips. */
export const ZCompanyFeedEventSchema = z.object({
  seq: z.number().int().positive(),
  kind: z.literal('event'),
  type: ZGateEventTypeSchema,
  gate: z.string(),
  /** The gate's own event seq (the gate subscription's), for cross-reference. */
  gateSeq: z.number().int().positive(),
  at: ZOffsetTimeSchema,
  tripId: z.string(),
  plate: z.string(),
  /** The trip after the event. */
  state: ZTripStateSchema,
  stage: ZStageSchema.nullable(),
  laneId: z.string().nullable(),
  /** Call-up deadline while called. */
  deadline: ZOffsetTimeSchema.nullable(),
  /** A hold's or a cancellation's reason, when the event has one. */
  reason: z.string().nullable(),
});
export type CompanyFeedEvent = z.infer<typeof ZCompanyFeedEventSchema>;

/** A waiting trip's place and ETA changed (other trucks moved): sent when the place changes or the ETA moves by a minute. */
export const ZCompanyFeedPositionSchema = z.object({
  seq: z.number().int().positive(),
  kind: z.literal('position'),
  gate: z.string(),
  /** The gate seq the queue was read at. */
  gateSeq: z.number().int().nonnegative(),
  at: ZOffsetTimeSchema,
  tripId: z.string(),
  /** 1-based place in its stage's queue. */
  position: z.number().int(),
  eta: ZEtaRangeSchema,
});
export type CompanyFeedPosition = z.infer<typeof ZCompanyFeedPositionSchema>;

/** One message of the company feed (Socket.IO event `feed`, SSE event `feed`). */
export const ZCompanyFeedMessageSchema = z.discriminatedUnion('kind', [ZCompanyFeedEventSchema, ZCompanyFeedPositionSchema]);
export type CompanyFeedMessage = z.infer<typeof ZCompanyFeedMessageSchema>;

/** One active trip of the company in a snapshot. */
export const ZCompanyFeedTripSchema = z.object({
  tripId: z.string(),
  gate: z.string(),
  plate: z.string().nullable(),
  state: ZTripStateSchema,
  laneId: z.string().nullable(),
  position: z.number().int().nullable(),
  eta: ZEtaRangeSchema.nullable(),
  deadline: ZOffsetTimeSchema.nullable(),
});

/**
 * The company's active trips at `seq` (Socket.IO event `feed_snapshot`, SSE event `snapshot`): sent on a
 * first subscription and when a resume is out of the recovery window. Messages with a higher seq follow.
 */
export const ZCompanyFeedSnapshotSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: ZOffsetTimeSchema,
  /** How far back a resume may reach (seconds). */
  recoveryWindowSeconds: z.number().int().positive(),
  trips: z.array(ZCompanyFeedTripSchema),
});
export type CompanyFeedSnapshot = z.infer<typeof ZCompanyFeedSnapshotSchema>;

/** GET /v1/company/live query: `since` = the last seq this client received (omitted: a snapshot first); Last-Event-ID, when sent, wins. */
export const ZCompanyFeedQuerySchema = z
  .object({
    since: z.coerce.number().int().nonnegative().optional(),
  })
  .strict();
