/** GET /v1/trips/:tripId/revisions — what was corrected on a trip, oldest first (its driver and staff). */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { findAccessibleTrip } from '../trips/trip-access.ts';

export function tripRevisionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.tripRevisions, {
    permission: 'trip.revisions',
    handler: async ({ params, req }) => {
      const trip = await findAccessibleTrip(ctx, principalOf(req), params.tripId);
      const rows = await ctx.db.tripRevision.findMany({
        where: { tripId: trip.id },
        orderBy: { at: 'asc' },
        include: { changedBy: { select: { username: true, displayName: true } } },
      });
      return {
        revisions: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          changedBy: r.changedBy,
          reason: r.reason,
          changes: r.changes as Record<string, { from: unknown; to: unknown }>,
        })),
      };
    },
  });
}
