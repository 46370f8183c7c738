/** A gate's yard, queue, stats and policy (the lanes are in lane-routes.ts). Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import { ZCheckInRequestSchema } from '../check-in.ts';
import { ZStageSchema } from '../domain.ts';
import { ZCommandOnlyRequestSchema } from '../lane-action.ts';
import { ZRestQueueEntrySchema, ZRestTripPlacementSchema } from '../live-times.ts';
import { ZPolicyConfigSchema, ZPolicyDocumentSchema } from '../policy.ts';
import { ZGateStatsQuerySchema, ZGateStatsSchema } from '../stats.ts';
import { ZTripSchema } from '../trip.ts';
import { ZCommandResponseSchema, ZGateParamsSchema, ZGateTripParamsSchema } from './params.ts';

export const ZCheckInResponseSchema = z.object({ replayed: z.boolean(), trip: ZTripSchema });

export const ZQueueResponseSchema = z.object({
  gate: z.string(),
  seq: z.number().int(),
  policyVersion: z.number().int(),
  /** Per stage, in projected call order. */
  queues: z.partialRecord(ZStageSchema, z.array(ZRestQueueEntrySchema)),
  held: z.array(ZRestTripPlacementSchema),
  exitQueue: z.array(ZRestTripPlacementSchema),
  /** Trucks waiting in stage queues, held or in the exit queue. */
  backlog: z.number().int(),
});

/** The gate's policy document (contracts' ZPolicyDocumentSchema: version + policy), with where and when. */
export const ZPolicyResponseSchema = ZPolicyDocumentSchema.extend({
  gate: z.string(),
  publishedAt: z.string(),
});

export const GATE_ROUTES = {
  checkIn: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/check-ins',
    summary: 'Check a truck into the staging yard by plate or QR token; it joins the queue of its first stage',
    tag: 'operations',
    params: ZGateParamsSchema,
    body: ZCheckInRequestSchema,
    response: ZCheckInResponseSchema,
    errors: [404, 409],
  }),
  readQueue: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/queue',
    summary: 'The waiting trucks per stage with position, ETA and reason; held trucks; the exit queue',
    tag: 'operations',
    params: ZGateParamsSchema,
    response: ZQueueResponseSchema,
    errors: [404],
  }),
  markNoShow: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/trips/:tripId/no-show',
    summary: 'Mark a called truck as not showing up (re-queued with a penalty once, dropped the second time)',
    tag: 'operations',
    params: ZGateTripParamsSchema,
    body: ZCommandOnlyRequestSchema,
    response: ZCommandResponseSchema,
    errors: [404, 409],
  }),
  releaseHold: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/trips/:tripId/release-hold',
    summary:
      'Release a hold placed at a lane: the truck continues to its next stage or the exit queue (an agency\'s hold is released only by that agency: 403)',
    tag: 'operations',
    params: ZGateTripParamsSchema,
    body: ZCommandOnlyRequestSchema,
    response: ZCommandResponseSchema,
    errors: [403, 404, 409],
  }),
  gateStats: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/stats',
    summary: 'Trucks per hour, waits per class, lane utilisation, backlog and hold times over [from, to) (default: last 24 h)',
    tag: 'reports',
    params: ZGateParamsSchema,
    query: ZGateStatsQuerySchema,
    response: ZGateStatsSchema,
    errors: [404],
  }),
  readPolicy: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/policy',
    summary: 'The current published priority policy of a gate',
    tag: 'policy',
    params: ZGateParamsSchema,
    response: ZPolicyResponseSchema,
    errors: [404],
  }),
  publishPolicy: defineRoute({
    method: 'put',
    path: '/v1/gates/:gate/policy',
    summary: 'Publish a new version of the priority policy (applies to the next call-up)',
    tag: 'policy',
    params: ZGateParamsSchema,
    body: ZPolicyConfigSchema,
    response: ZPolicyResponseSchema,
    errors: [404],
  }),
};
