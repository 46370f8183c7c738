/**
 * POST /v1/internal/agency-decisions — agencies' systems (machine identities with role `agency`) send
 * decisions. The decision is the caller's agency's (its account's, never the body's), and only what
 * the agency power table allows it (see agency/decision-controls.ts).
 */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { applyAgencyDecision } from '../agency/apply-decision.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp } from '../audit/audit-log.ts';

export function agencyDecisionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.recordAgencyDecision, {
    permission: 'agency.decide',
    handler: async ({ body, req }) => applyAgencyDecision(ctx, principalOf(req), body, clientIp(req)),
  });
}
