/**
 * Registration under the active-trip caps: reserve a place (trip-place.ts), register
 * with the reserved trip id, give the place back once the registration has committed or failed. The trip is
 * filed in its gate's plate index inside the transaction (devices/plate-index.ts), so the
 * yard cameras know it the moment it exists.
 */
import { randomUUID } from 'node:crypto';
import type { CreateTripRequest } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { registerTrip, type InTransaction, type RawPlates } from './register-trip.ts';
import { reserveTripPlace } from './trip-place.ts';
import { indexTripPlate } from '../devices/plate-index.ts';
import type { TripRow } from './trip-view.ts';

/**
 * @example
 * const row = await registerWithinCaps(ctx, principalOf(req), body, rawPlates);
 */
export async function registerWithinCaps(
  ctx: Pick<ApiContext, 'db' | 'redis' | 'prefix'>,
  who: Principal,
  input: CreateTripRequest,
  raw: RawPlates = {},
  inTransaction?: InTransaction,
): Promise<TripRow> {
  const tripId = randomUUID();
  const place = await reserveTripPlace(ctx.redis, ctx.db, { userId: who.id, driverPhone: input.driver.phone, tripId });
  let row: TripRow;
  try {
    row = await registerTrip(ctx.db, who, input, raw, tripId, async (tx, id) => {
      await indexTripPlate(ctx, input.gateCode, id, input.vehicle.plate);
      await inTransaction?.(tx, id);
    });
  } catch (err) {
    await place.release();
    throw err;
  }
  // Committed: the database counts the trip now. Left in flight until it expired (RESERVATION_MS), every
  // registration of the company carried a minute's worth of ids to the database and the script and back
  // (3,000 at 50/s: most of a registration's CPU). Given back only after the commit, it is never uncounted;
  // the registration stands even if Redis refuses this, as the reservation then expires.
  await place.release().catch(() => undefined);
  return row;
}
