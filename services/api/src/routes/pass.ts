/**
 * GET /v1/trips/:tripId/pass — the QR pass a driver shows at the staging yard.
 * The QR encodes only the opaque token: nothing personal is readable from it.
 */
import QRCode from 'qrcode';
import { ZTripPassResponseSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { findAccessibleTrip } from '../trips/trip-access.ts';
import { ZTripParamsSchema } from './trips.ts';

export function passRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/trips/:tripId/pass',
    summary: 'The QR pass of a trip: its token and an SVG QR code',
    tag: 'trips',
    access: ['driver', 'operator', 'manager', 'admin'],
    params: ZTripParamsSchema,
    response: ZTripPassResponseSchema,
    errors: [404],
    handler: async ({ params, req }) => {
      const trip = await findAccessibleTrip(ctx.db, principalOf(req), params.tripId);
      const svg = await QRCode.toString(trip.qrToken, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { qrToken: trip.qrToken, svg };
    },
  });
}
