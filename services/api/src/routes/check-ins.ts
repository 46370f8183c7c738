/** POST /v1/gates/:gate/check-ins — a truck enters the staging yard (by plate or QR pass). */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { checkInTrip } from '../trips/check-in-trip.ts';
import { TRIP_INCLUDE } from '../trips/trip-view.ts';
import { presentTrip } from './trips.ts';

export function checkInRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.checkIn, {
    permission: 'gate.check-in',
    handler: async ({ params, body, req }) => {
      const outcome = await checkInTrip(ctx, principalOf(req), params.gate, body, req, { withRow: true });
      const row = outcome.row ?? await ctx.db.trip.findUniqueOrThrow({ where: { id: outcome.tripId }, include: TRIP_INCLUDE });
      return { replayed: outcome.replayed, trip: await presentTrip(ctx, row) };
    },
  });
}
