/**
 * Registration under the active-trip caps: reserve a place (trip-place.ts; its database counts are read by
 * the registration's first statement, and the place is reserved before anything else is decided), register
 * with the reserved trip id, give the place back if the registration fails, settle it once it has committed. The trip is
 * filed in its gate's plate index before its row is written (devices/plate-index.ts), so the yard cameras
 * know it the moment it exists; a registration that fails takes it out again.
 */
import { randomUUID } from 'node:crypto';
import type { CreateTripRequest } from '@borderflow/contracts';
import { tripCreated } from '@borderflow/persist';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { registerTrip, type InTransaction, type RawPlates } from './register-trip.ts';
import { capCountsOf, checkTripPlace, type TripPlace } from './trip-place.ts';
import { dropTripPlate, indexTripPlate } from '../devices/plate-index.ts';
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
  const check = await checkTripPlace(ctx, { userId: who.id, driverPhone: input.driver.phone, tripId });
  let place: TripPlace | undefined;
  let filed: Promise<void> | undefined;
  let row: TripRow;
  try {
    row = await registerTrip(ctx.db, who, input, raw, tripId, inTransaction, {
      // The cap's counts are read by the registration's first statement (a round trip and a
      // transaction fewer); a retried registration keeps the place it reserved.
      counts: check.counts,
      admit: async (counts, tx, found) => {
        // The plate is filed in the same turn as the reservation, so both leave in one Redis write (a socket
        // write fewer a registration, benchmarks/RESULTS.md regs7), and before the trip's statement: the index
        // still holds every trip the database has. An entry whose trip never commits is taken out below.
        filed ??= found ? indexTripPlate(ctx, input.gateCode, tripId, input.vehicle.plate) : undefined;
        // Kept as soon as it is made, so a filing that fails still gives the place back below.
        const reserving = place ? undefined : check.admit(counts, (sql) => capCountsOf(tx, sql)).then((reserved) => {
          place = reserved;
        });
        await Promise.all([filed, reserving]);
      },
    });
  } catch (err) {
    await Promise.all([place?.release(), filed && unfile(filed)]);
    throw err;
  }
  // Both only after the commit, sent together (one round trip). The settle: so the trip is never
  // counted by neither (trip-place.ts); the registration stands even if Redis refuses it, the
  // reservation then stays in flight until it expires. The version: without it the trip's reads
  // ask the database each time, slower, never wrong.
  await Promise.all([place!.settle().catch(() => undefined), tripCreated(ctx, tripId).catch(() => undefined)]);
  return row;

  /** Takes the trip out of the index again. A failure is let go: an entry the database does not back is dropped by the next read that meets it (plate-reads.ts). */
  function unfile(filing: Promise<void>): Promise<void> {
    return filing.then(() => dropTripPlate(ctx, input.gateCode, tripId, input.vehicle.plate)).catch(() => undefined);
  }
}
