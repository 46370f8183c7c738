/** Trips: register, read, correct, cancel; the QR pass and the revisions. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import { ZTripParamsSchema } from './params.ts';
import { ZCommandIdSchema, ZGateCodeSchema } from '../common.ts';
import { ZTripStateSchema } from '../domain.ts';
import { ZPlateSchema } from '../identifiers/plate.ts';
import { ZCursorParamSchema, ZInstantSchema, multi } from '../list-query.ts';
import { ZTripRevisionListSchema } from '../trip-revision.ts';
import { TRIP_BATCH_MAX, ZTripBatchRequestSchema, ZTripBatchResponseSchema } from '../trip-batch.ts';
import { ZCorrectTripRequestSchema, ZCreateTripRequestSchema, ZTripListResponseSchema, ZTripPassResponseSchema, ZTripSchema } from '../trip.ts';

/** POST /v1/trips/:tripId/cancel: an operator or admin must say why (audited); a driver need not. */
export const ZCancelTripRequestSchema = z
  .object({
    commandId: ZCommandIdSchema.optional(),
    reason: z.string().trim().min(1, 'reason must not be empty').max(500).optional(),
  })
  .strict();

export const TRIP_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt'] as const;

/**
 * GET /v1/trips filters (a driver always gets only their own trips). Multi-value filters are
 * comma-separated; `updatedSince` (RFC 3339) is for incremental sync and sorts by `updatedAt` ascending.
 */
export const ZTripListQuerySchema = z
  .object({
    gate: multi(ZGateCodeSchema).optional(),
    state: multi(ZTripStateSchema).optional(),
    plate: multi(ZPlateSchema).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    cursor: ZCursorParamSchema.optional(),
    updatedSince: ZInstantSchema.optional(),
    sort: z.enum(TRIP_SORTS).optional(),
  })
  .strict();

export const TRIP_ROUTES = {
  registerTrip: defineRoute({
    method: 'post',
    path: '/v1/trips',
    summary:
      'Pre-register a trip. The server decides the priority class and stages from facts only: appointmentAt and the perishable flag are kept but ignored for priority; perishable cargo (published HS headings) counts once quarantine or the operator confirms it. Capped: active trips per driver and per company (409).',
    tag: 'trips',
    body: ZCreateTripRequestSchema,
    response: ZTripSchema,
    status: 201,
    errors: [403, 409],
  }),
  registerTripBatch: defineRoute({
    method: 'post',
    path: '/v1/trip-batches',
    summary: `Pre-register up to ${TRIP_BATCH_MAX} trips in one call, each with its own idempotency key; one result per registration, in order (207)`,
    description:
      'Each registration is handled exactly as `POST /v1/trips` would handle it alone (same rules, caps and answers), and its result says the status that call would have had: 201 with the trip, or a 4xx with its problem. A refused registration does not stop the others. '
      + 'A registration with an `idempotencyKey` is kept like a POST with that `Idempotency-Key` header: sent again (in a batch, or alone to `POST /v1/trips` with the header) with the same trip it answers the first result (`replayed: true`) and registers nothing; the same key with another trip is refused (400, rule `reused_key`). '
      + 'So a batch cut off by a timeout is sent again as it was. A body that breaks the schema is refused as a whole (400, every problem with its pointer) and registers nothing.',
    tag: 'trips',
    body: ZTripBatchRequestSchema,
    response: ZTripBatchResponseSchema,
    status: 207,
    errors: [403],
  }),
  listTrips: defineRoute({
    method: 'get',
    path: '/v1/trips',
    summary:
      'List trips, one page at a time (`limit`, `cursor` = the previous nextCursor): a driver gets their own, staff may filter by gate, state or plate (comma-separated values) and sort; `updatedSince` syncs changes in updatedAt order',
    tag: 'trips',
    query: ZTripListQuerySchema,
    response: ZTripListResponseSchema,
  }),
  readTrip: defineRoute({
    method: 'get',
    path: '/v1/trips/:tripId',
    summary: 'One trip, with its live queue position, ETA and lane',
    tag: 'trips',
    params: ZTripParamsSchema,
    response: ZTripSchema,
    errors: [404],
  }),
  correctTrip: defineRoute({
    method: 'patch',
    path: '/v1/trips/:tripId',
    summary:
      'Correct a trip before arrival; after check-in only its declarations, which sends it back to screening. Every change is kept as a revision. Send `If-Match` with the ETag of your last read to refuse the change (412) if the trip changed meanwhile',
    tag: 'trips',
    params: ZTripParamsSchema,
    body: ZCorrectTripRequestSchema,
    response: ZTripSchema,
    errors: [404, 409, 412],
  }),
  cancelTrip: defineRoute({
    method: 'post',
    path: '/v1/trips/:tripId/cancel',
    summary:
      'Cancel a trip (leaves the queue or lane if it is live). A driver cannot cancel a trip that is called, at a lane, inspected, held or on a red channel; an operator can, with a reason (audited)',
    tag: 'trips',
    params: ZTripParamsSchema,
    body: ZCancelTripRequestSchema,
    response: ZTripSchema,
    errors: [400, 404, 409],
  }),
  tripPass: defineRoute({
    method: 'get',
    path: '/v1/trips/:tripId/pass',
    summary: 'The QR pass of a trip: its token and an SVG QR code',
    tag: 'trips',
    params: ZTripParamsSchema,
    response: ZTripPassResponseSchema,
    errors: [404, 409],
  }),
  tripRevisions: defineRoute({
    method: 'get',
    path: '/v1/trips/:tripId/revisions',
    summary: 'The corrections made to a trip before arrival: field by field, who, when and why',
    tag: 'trips',
    params: ZTripParamsSchema,
    response: ZTripRevisionListSchema,
    errors: [404],
  }),
};
