/** POST /v1/internal/agency-decisions — agencies' systems (machine identities with role `agency`) send decisions. */
import { z } from 'zod';
import { ZAgencyDecisionRequestSchema, ZChannelSchema, ZStageSchema, ZTripStateSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { applyAgencyDecision } from '../agency/apply-decision.ts';

export const ZAgencyDecisionResponseSchema = z.object({
  declarationKey: z.string(),
  amendment: z.number().int(),
  channel: ZChannelSchema,
  channelCode: z.string(),
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

export function agencyDecisionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/internal/agency-decisions',
    summary: 'Record an agency decision (channel, inspection modes, hold) and re-route the trips carrying the declaration',
    tag: 'agencies',
    access: ['agency'],
    body: ZAgencyDecisionRequestSchema,
    response: ZAgencyDecisionResponseSchema,
    status: 201,
    errors: [409],
    handler: async ({ body }) => applyAgencyDecision(ctx, body),
  });
}
