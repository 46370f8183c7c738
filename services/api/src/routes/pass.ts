/**
 * GET /v1/trips/:tripId/pass — the QR pass a driver shows at the staging yard.
 * The QR encodes only the opaque token: nothing personal is readable from it.
 */
import { FINISHED_TRIP_STATES, ROUTES, type TripState } from '@borderflow/contracts';
import QRCode from 'qrcode';
import { AppError } from '../app-error.ts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { findAccessibleTrip } from '../trips/trip-access.ts';
import { REFUSALS } from '../http/refusal-words.ts';

export function passRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.tripPass, {
    permission: 'trip.pass',
    handler: async ({ params, req }) => {
      const trip = await findAccessibleTrip(ctx, principalOf(req), params.tripId);
      // A crossed, cancelled, no-show or turned-back trip's pass would still look valid on a phone.
      if (FINISHED_TRIP_STATES.includes(trip.state as TripState)) {
        throw AppError.worded('TRIP_WRONG_STATE', REFUSALS.passEnded(trip.state), 'state');
      }
      const svg = await QRCode.toString(trip.qrToken, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { qrToken: trip.qrToken, svg };
    },
  });
}
