/**
 * Only the agency that placed a hold can release it (issue 10). Agencies
 * release their own holds with a decision (holds are keyed by agency, see
 * decision-state.ts); an operator's release-hold lifts only a hold placed at
 * a lane (an inspection outcome `held`), never one an agency placed.
 */
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import { activeHolds } from './decision-state.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/**
 * 403 on `tripId` when an agency's hold is in force on the trip's declarations.
 *
 * @example
 * await assertOperatorMayRelease(ctx, tripId); // customs hold → AppError FORBIDDEN
 */
export async function assertOperatorMayRelease(ctx: ApiContext, tripId: string): Promise<void> {
  const declarations = await ctx.db.declaration.findMany({ where: { tripId }, select: { key: true } });
  const holds = [...(await activeHolds(ctx.db, declarations.map((d) => d.key))).values()];
  const first = holds[0];
  if (first) {
    throw AppError.worded('FORBIDDEN', REFUSALS.heldByOther(first.agency, first.reason), 'tripId');
  }
}
