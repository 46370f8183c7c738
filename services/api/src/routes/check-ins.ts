/** POST /v1/gates/:gate/check-ins — a truck enters the staging yard (by plate or QR pass). */
import { z } from 'zod';
import { ZCheckInRequestSchema, ZTripSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { checkInTrip } from '../trips/check-in-trip.ts';
import { TRIP_INCLUDE } from '../trips/trip-view.ts';
import { ZGateParamsSchema } from './gate-params.ts';
import { presentTrip } from './trips.ts';

export const ZCheckInResponseSchema = z.object({ replayed: z.boolean(), trip: ZTripSchema });

export function checkInRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/gates/:gate/check-ins',
    summary: 'Check a truck into the staging yard by plate or QR token; it joins the queue of its first stage',
    tag: 'operations',
    access: ['operator', 'admin'],
    params: ZGateParamsSchema,
    body: ZCheckInRequestSchema,
    response: ZCheckInResponseSchema,
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const outcome = await checkInTrip(ctx, principalOf(req), params.gate, body);
      const row = await ctx.db.trip.findUniqueOrThrow({ where: { id: outcome.tripId }, include: TRIP_INCLUDE });
      return { replayed: outcome.replayed, trip: await presentTrip(ctx, row) };
    },
  });
}
