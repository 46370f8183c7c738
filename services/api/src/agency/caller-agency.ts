/**
 * Which agency an agency account speaks for: its own (users.agency), read from
 * the database on every decision so an account moved to another agency or
 * removed stops speaking for the old one at once. A decision's agency is never
 * taken from the request body.
 */
import { ZAgencySchema, type Agency } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/**
 * The caller's agency; 403 when the account belongs to none.
 *
 * @example
 * const agency = await callerAgency(ctx.db, principalOf(req)); // 'quarantine'
 */
export async function callerAgency(db: Pick<PrismaClient, 'user'>, who: Principal): Promise<Agency> {
  const user = await db.user.findUnique({ where: { id: who.id }, select: { agency: true } });
  if (!user) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountGone);
  const agency = ZAgencySchema.safeParse(user.agency);
  if (!agency.success) throw AppError.worded('FORBIDDEN', REFUSALS.noAgency);
  return agency.data;
}

/**
 * 403 on `field` when a body names an agency other than the caller's.
 *
 * @example
 * assertOwnAgency('customs', body.agency, 'agency');
 */
export function assertOwnAgency(own: Agency, named: string | undefined, field: string): void {
  if (named !== undefined && named !== own) {
    throw AppError.worded('FORBIDDEN', REFUSALS.otherAgency(own, named), field);
  }
}
