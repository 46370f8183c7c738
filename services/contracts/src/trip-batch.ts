/**
 * POST /v1/trips/batch: a forwarder's system registers many trips in one call (a fleet's day, an order
 * book). Each registration carries its own idempotency key, so a batch cut off by a timeout is sent
 * again as is (or only its unanswered part) and every registration it already made comes back as it
 * was the first time, never as a second trip. Zalando's rule for batch requests: one 207 answer with a
 * status per item, in the order sent.
 */
import { z } from 'zod';
import { ZErrorResponseSchema } from './error.ts';
import { ZCreateTripRequestSchema, ZTripSchema } from './trip.ts';

/** Most registrations in one batch: a fleet's day fits; a bigger order book is several calls. */
export const TRIP_BATCH_MAX = 100;

/** The Idempotency-Key rule (1–255 visible ASCII), here for a key carried in the body. */
export const ZIdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters (a UUID is a good key)');

export const ZTripBatchItemSchema = z
  .object({
    /**
     * The registration's own Idempotency-Key: the same key and trip sent again (in a batch, or alone to
     * POST /v1/trips as the Idempotency-Key header) answers the first result and registers nothing.
     */
    idempotencyKey: ZIdempotencyKeySchema.optional(),
    trip: ZCreateTripRequestSchema,
  })
  .strict();

export const ZTripBatchRequestSchema = z
  .object({
    registrations: z
      .array(ZTripBatchItemSchema)
      .min(1, 'send at least one registration')
      .max(TRIP_BATCH_MAX, `at most ${TRIP_BATCH_MAX} registrations in one batch`),
  })
  .strict();
export type TripBatchRequest = z.infer<typeof ZTripBatchRequestSchema>;
export type TripBatchRequestInput = z.input<typeof ZTripBatchRequestSchema>;

/** One registration's outcome: the status POST /v1/trips would have answered, and its trip or its problem. */
export const ZTripBatchResultSchema = z
  .object({
    /** Position of the registration in the request (0-based). */
    index: z.number().int().min(0),
    /** 201 registered; 4xx refused (see `problem`). */
    status: z.number().int(),
    /** True when this is the stored answer of an earlier request with the same idempotency key. */
    replayed: z.boolean(),
    trip: ZTripSchema.optional(),
    problem: ZErrorResponseSchema.optional(),
  })
  .strict();
export type TripBatchResult = z.infer<typeof ZTripBatchResultSchema>;

export const ZTripBatchResponseSchema = z
  .object({
    /** One per registration, in the order sent. */
    results: z.array(ZTripBatchResultSchema),
    registered: z.number().int().min(0),
    refused: z.number().int().min(0),
  })
  .strict();
export type TripBatchResponse = z.infer<typeof ZTripBatchResponseSchema>;
