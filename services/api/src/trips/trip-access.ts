/**
 * Who may see which trip. A driver sees only trips they registered; anyone
 * else's trip is reported as not found (403 would confirm it exists).
 */
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { TRIP_INCLUDE, type TripRow } from './trip-view.ts';

/** Roles that may read any trip. */
const STAFF = new Set(['operator', 'manager', 'admin']);

/** True when `who` may read/act on a trip created by `createdById`. */
export function canAccessTrip(who: Principal, createdById: string): boolean {
  return STAFF.has(who.role) || (who.role === 'driver' && createdById === who.id);
}

/**
 * Loads a trip the caller may access, or throws 404 (field `tripId`).
 *
 * @example
 * const row = await findAccessibleTrip(db, principalOf(req), params.tripId);
 */
export async function findAccessibleTrip(db: PrismaClient, who: Principal, tripId: string): Promise<TripRow> {
  const row = await db.trip.findUnique({ where: { id: tripId }, include: TRIP_INCLUDE });
  if (!row || !canAccessTrip(who, row.createdById)) throw new AppError('NOT_FOUND', 'Trip not found', 'tripId');
  return row;
}
