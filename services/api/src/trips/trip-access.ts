/**
 * Who may see which trip. Staff see every trip; a company's administrator,
 * dispatcher and API keys see all the company's trips; any other driver sees
 * only trips they registered. Anyone else's trip is reported as not found
 * (403 would confirm it exists).
 */
import type { Prisma, PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import type { ApiContext } from '../context.ts';
import type { TripRow } from './trip-view.ts';
import { readTripRow } from './trip-row-cache.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Roles that may read any trip. */
const STAFF = new Set(['operator', 'manager', 'admin']);
/** Company roles that see the whole company's trips. */
const COMPANY_WIDE = new Set(['admin', 'dispatcher']);

/** True when `who` may act on a trip created by `createdById` as its own driver (or as staff). */
export function canAccessTrip(who: Principal, createdById: string): boolean {
  return STAFF.has(who.role) || (who.role === 'driver' && !who.apiKey && createdById === who.id);
}

/** Which trips a caller may read: every trip, a company's, or the ones they registered. */
export type TripReach = { all: true } | { companyId: string } | { createdById: string };

/**
 * The caller's reach. The company comes from the key or the user row, never from the request.
 *
 * @example
 * const reach = await tripReach(db, principalOf(req)); // { companyId } for fleetadmin1
 */
export async function tripReach(db: PrismaClient, who: Principal): Promise<TripReach> {
  if (STAFF.has(who.role)) return { all: true };
  if (who.apiKey) return { companyId: who.apiKey.companyId };
  const user = await db.user.findUnique({ where: { id: who.id }, select: { companyId: true, companyRole: true } });
  if (user?.companyId && user.companyRole && COMPANY_WIDE.has(user.companyRole)) return { companyId: user.companyId };
  return { createdById: who.id };
}

/** The trip filter of a reach. */
export function reachWhere(reach: TripReach): Prisma.TripWhereInput {
  if ('all' in reach) return {};
  if ('companyId' in reach) return { companyId: reach.companyId };
  return { createdById: reach.createdById };
}

function inReach(reach: TripReach, row: { createdById: string; companyId: string | null }): boolean {
  if ('all' in reach) return true;
  if ('companyId' in reach) return row.companyId === reach.companyId;
  return row.createdById === reach.createdById;
}

/**
 * Loads a trip the caller may read (`read`) or act on as its driver or staff (`act`:
 * a company's administrator sees a colleague's trip but does not cancel it), or throws 404 (field `tripId`).
 *
 * @example
 * const row = await findAccessibleTrip(ctx, principalOf(req), params.tripId);
 */
export async function findAccessibleTrip(
  ctx: Pick<ApiContext, 'db' | 'redis' | 'prefix'>,
  who: Principal,
  tripId: string,
  purpose: 'read' | 'act' = 'read',
): Promise<TripRow> {
  // The stored part is checked against its version and read in full only when it changed (trip-row-cache.ts).
  const row = await readTripRow(ctx.db, ctx, tripId);
  // The caller's own trip (and staff) needs no look-up of their company role: a driver's read of
  // their trip stays one statement.
  const allowed = row && (canAccessTrip(who, row.createdById) || (purpose === 'read' && inReach(await tripReach(ctx.db, who), row)));
  if (!row || !allowed) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  return row;
}

/**
 * Who a registration is for. A person registers as themselves. An API key
 * registers for one of its company's own drivers, chosen by the phone in the
 * body: the only identity the body may carry is a pick among the company's
 * driver accounts, so a key can neither act for another company's driver nor
 * invent one. The trip then obeys every rule and cap of that driver.
 *
 * @example
 * const forWhom = await registeringDriver(db, principalOf(req), body.driver.phone);
 */
export async function registeringDriver(db: PrismaClient, who: Principal, phone: string): Promise<Principal> {
  if (!who.apiKey) return who;
  const driver = await db.driver.findFirst({
    where: { phone, user: { companyId: who.apiKey.companyId, role: 'driver', disabledAt: null, deletedAt: null } },
    select: { user: { select: { id: true, username: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (!driver?.user) {
    throw AppError.worded('VALIDATION_FAILED', REFUSALS.notOwnDriver, 'driver.phone');
  }
  return { id: driver.user.id, username: driver.user.username, role: 'driver' };
}
