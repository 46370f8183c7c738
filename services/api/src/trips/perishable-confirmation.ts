/**
 * Who confirmed a trip's perishable cargo: quarantine (an agency decision) or the
 * gate operator at check-in. A confirmation only ever promotes cargo under a
 * published perishable HS heading; it never turns tiles into fruit.
 */
import type { PrismaClient } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import { hasPerishableHeading } from '@borderflow/contracts';
import type { PerishableConfirmation } from './priority-class.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/**
 * Quarantine has looked at the goods: its latest decision on the trip (or on one of
 * its declarations) exists and does not hold them. A hold means "not as declared /
 * not yet cleared", so it confirms nothing.
 *
 * @example
 * await quarantineConfirmed(db, trip.id, ['30512345678']); // true once quarantine decided without a hold
 */
export async function quarantineConfirmed(db: PrismaClient, tripId: string, declarationKeys: string[]): Promise<boolean> {
  const latest = await db.agencyDecision.findFirst({
    where: { agency: 'quarantine', OR: [{ tripId }, { declarationKey: { in: declarationKeys } }] },
    orderBy: { receivedAt: 'desc' },
    select: { hold: true },
  });
  if (!latest) return false;
  const hold = latest.hold as { action?: string } | null;
  return hold?.action !== 'place';
}

/**
 * The confirmation that counts at check-in: the operator's (when the body says
 * `confirmPerishable: true`), else quarantine's, else none. An operator confirming a
 * trip without any perishable HS heading gets 409 naming `confirmPerishable`.
 *
 * @example
 * const by = await perishableConfirmation(db, trip, body.confirmPerishable === true);
 */
export async function perishableConfirmation(
  db: PrismaClient,
  trip: { id: string; cargo: ReadonlyArray<{ hsCode: string }>; declarations: ReadonlyArray<{ key: string }> },
  operatorConfirms: boolean,
): Promise<PerishableConfirmation> {
  const listed = hasPerishableHeading(trip.cargo);
  if (operatorConfirms) {
    if (!listed) {
      throw AppError.worded('CONFLICT', REFUSALS.notPerishable, 'confirmPerishable');
    }
    return 'operator';
  }
  if (!listed) return null;
  return (await quarantineConfirmed(db, trip.id, trip.declarations.map((d) => d.key))) ? 'quarantine' : null;
}
