/** GET /v1/trips/:tripId/revisions — what was corrected on a trip, oldest first (its driver and staff). */
import { ZTripRevisionListSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { findAccessibleTrip } from '../trips/trip-access.ts';
import { ZTripParamsSchema } from './trips.ts';

export function tripRevisionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/trips/:tripId/revisions',
    summary: 'The corrections made to a trip before arrival: field by field, who, when and why',
    tag: 'trips',
    access: ['driver', 'operator', 'manager', 'admin'],
    params: ZTripParamsSchema,
    response: ZTripRevisionListSchema,
    errors: [404],
    handler: async ({ params, req }) => {
      const trip = await findAccessibleTrip(ctx.db, principalOf(req), params.tripId);
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
