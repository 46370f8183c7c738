/** Agencies' decisions and the agency adapters. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import { ZAgencyDecisionRequestSchema } from '../agency-decision.ts';
import { ZAgencyDecisionEnvelopeSchema } from '../agency/agency-decision-message.ts';
import { ZAdapterNameSchema, ZAgencyHealthResponseSchema, ZDeadLetterListResponseSchema, ZRedriveRequestSchema, ZRedriveResponseSchema } from '../agency/health.ts';
import { ZChannelSchema, ZStageSchema, ZTripStateSchema } from '../domain.ts';

export const ZAgencyDecisionResponseSchema = z.object({
  declarationKey: z.string(),
  amendment: z.number().int(),
  /** null: the decision set no channel (a hold, a quarantine inspection). */
  channel: ZChannelSchema.nullable(),
  channelCode: z.string().nullable(),
  /** This decision (by its message id) was applied before: nothing changed now. */
  duplicate: z.boolean(),
  /** The trips carrying this declaration and what the decision did to each (empty: stored for a later trip). */
  trips: z.array(
    z.object({
      tripId: z.string(),
      state: ZTripStateSchema,
      live: z.boolean(),
      stages: z.array(ZStageSchema),
      hold: z.enum(['placed', 'released', 'recorded', 'already_placed', 'not_held']).nullable(),
    }),
  ),
});

export const ZAdapterParamsSchema = z.object({ adapter: ZAdapterNameSchema }).strict();

export const ZDeadLetterQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export const ZReceivedDecisionsResponseSchema = z.object({
  adapter: ZAdapterNameSchema,
  results: z.array(
    z.object({
      messageId: z.string(),
      declarationKey: z.string(),
      amendment: z.number().int(),
      outcome: z.enum(['applied', 'duplicate', 'stale', 'refused']),
      message: z.string().nullable(),
      trips: z.array(
        // The internal route's trip outcome, plus 'still_held': released by this agency, held by another.
        ZAgencyDecisionResponseSchema.shape.trips.element.extend({
          hold: z.enum([...ZAgencyDecisionResponseSchema.shape.trips.element.shape.hold.unwrap().options, 'still_held']).nullable(),
        }),
      ),
    }),
  ),
});

export const ZPollResponseSchema = z.object({ adapter: ZAdapterNameSchema, decisions: z.number().int() });

export const AGENCY_ROUTES = {
  recordAgencyDecision: defineRoute({
    method: 'post',
    path: '/v1/internal/agency-decisions',
    summary: "Record the caller's agency's decision (channel, inspection modes, hold) and re-route the trips carrying the declaration",
    tag: 'agencies',
    body: ZAgencyDecisionRequestSchema,
    response: ZAgencyDecisionResponseSchema,
    status: 201,
    errors: [400, 403, 409],
  }),
  receiveAgencyDecisions: defineRoute({
    method: 'post',
    path: '/v1/agencies/:adapter/decisions',
    summary:
      'Receive agency decisions (signed: x-borderflow-key-id, x-borderflow-timestamp, x-borderflow-signature = v1=HMAC-SHA256(timestamp + "." + raw body)); body in the adapter\'s format',
    description:
      "The agencies' inbound webhook: an agency system POSTs its decisions here, authenticated by the adapter's shared key, not a " +
      'user token. The signature covers the raw bytes, so sign exactly what you send; a timestamp outside the replay window (5 minutes by default), or a ' +
      'request seen before, is refused (401). The JSON adapter (`quarantine` in the demo) takes the signed envelope below; the ' +
      'VNACCS adapter takes its XML and the WCO adapter EDIFACT CUSRES in the same envelope fields.',
    requestHeaders: {
      'x-borderflow-key-id': "The id of the adapter's key that signed the request",
      'x-borderflow-timestamp': 'Unix seconds when the request was signed',
      'x-borderflow-signature': 'v1=<hex HMAC-SHA256(key, "<timestamp>.<raw body>")>',
    },
    documentedBody: ZAgencyDecisionEnvelopeSchema,
    tag: 'agencies',
    params: ZAdapterParamsSchema,
    response: ZReceivedDecisionsResponseSchema,
    errors: [401, 403, 404, 409, 413],
  }),
  pollAgency: defineRoute({
    method: 'post',
    path: '/v1/agencies/:adapter/poll',
    summary: 'Fetch decisions from the agency now (VNACCS polling mode; the platform also polls on a timer)',
    tag: 'agencies',
    params: ZAdapterParamsSchema,
    response: ZPollResponseSchema,
    errors: [404, 409],
  }),
  agencyHealth: defineRoute({
    method: 'get',
    path: '/v1/agencies/health',
    summary: 'Agency adapters: last success, backlog, dead letters and circuit breaker state of each',
    tag: 'agencies',
    response: ZAgencyHealthResponseSchema,
  }),
  listDeadLetters: defineRoute({
    method: 'get',
    path: '/v1/agencies/:adapter/dead-letters',
    summary: 'Outbound messages an agency refused for good (or that ran out of attempts), oldest failure first',
    tag: 'agencies',
    params: ZAdapterParamsSchema,
    query: ZDeadLetterQuerySchema,
    response: ZDeadLetterListResponseSchema,
    errors: [404],
  }),
  redriveDeadLetters: defineRoute({
    method: 'post',
    path: '/v1/agencies/:adapter/dead-letters/redrive',
    summary: 'Send dead letters again (all, or the listed message ids); each goes back to the head of its trip',
    tag: 'agencies',
    params: ZAdapterParamsSchema,
    body: ZRedriveRequestSchema,
    response: ZRedriveResponseSchema,
    errors: [404],
  }),
};
