/**
 * Changing a trip's declarations (a driver's correction) without escaping
 * their controls (issue 10):
 *   - the new declarations must be the company's and on no other active trip
 *     (declaration-claims.ts);
 *   - a declaration taken off the trip while a hold or a red channel is open on
 *     it stays on the trip as an inherited row: swapping a red declaration for a
 *     green one changes nothing;
 *   - after check-in, the trip goes back to screening: its remaining stages are
 *     re-derived from all its declarations (one without a customs decision
 *     needs the documents check), and each added declaration customs has not
 *     decided yet puts a customs "screening" hold on the truck. It may finish
 *     its stages but cannot reach the exit queue until customs decides that
 *     declaration (a customs channel decision on it lifts the hold, see
 *     apply-decision.ts); an operator cannot lift it (hold-ownership.ts).
 */
import { cargoNeedsQuarantine, declarationAmendment, declarationKey, LIVE_TRIP_STATES, type TripState } from '@borderflow/contracts';
import { Prisma } from '@borderflow/db';
import type { Principal } from '../auth/jwt.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { ApiContext } from '../context.ts';
import { runCommand } from '../scheduler-command.ts';
import { applyPendingHolds } from '../agency/apply-decision.ts';
import { routeFromDecisions } from '../agency/decision-state.ts';
import { SCREENING_HOLD_ID } from '../agency/screening-hold.ts';
import { claimDeclarations } from './declaration-claims.ts';
import { isOpen } from './inherited-controls.ts';
import type { TripRow } from './trip-view.ts';

type Tx = Prisma.TransactionClient;


/**
 * Replaces the trip's own declarations by `numbers`; returns every key the
 * trip now carries (own and inherited), for its route.
 *
 * @example
 * const keys = await swapDeclarations(tx, who, row, ['305123456780']);
 */
export async function swapDeclarations(tx: Tx, who: Principal, row: TripRow, numbers: readonly string[]): Promise<string[]> {
  await claimDeclarations(tx, who, row.companyId, numbers, row.id);
  const newKeys = new Set(numbers.map(declarationKey));
  const own = row.declarations.filter((d) => d.inheritedFromTripId === null);
  const removed = own.filter((d) => !newKeys.has(d.key));
  const added = numbers.filter((n) => !own.some((d) => d.key === declarationKey(n)));
  for (const d of removed) {
    // Still under a control: kept, as inherited from this very trip.
    if (await isOpen(tx, d.key)) await tx.declaration.update({ where: { id: d.id }, data: { inheritedFromTripId: row.id } });
    else await tx.declaration.delete({ where: { id: d.id } });
  }
  await tx.declaration.deleteMany({ where: { tripId: row.id, key: { in: [...newKeys] } } });
  await tx.declaration.createMany({
    data: numbers.map((n) => ({ tripId: row.id, number: n, key: declarationKey(n), amendment: declarationAmendment(n) })),
  });
  const live = LIVE_TRIP_STATES.includes(row.state as TripState);
  if (live) await screen(tx, who, row, added);
  return (await tx.declaration.findMany({ where: { tripId: row.id }, select: { key: true } })).map((d) => d.key);
}

/** Customs' screening hold on each added declaration it has not decided yet; the swap audited. */
async function screen(tx: Tx, who: Principal, row: TripRow, added: readonly string[]): Promise<void> {
  for (const number of added) {
    const key = declarationKey(number);
    const decided = await tx.agencyDecision.findFirst({ where: { declarationKey: key, agency: 'customs', channel: { not: null } }, select: { id: true } });
    if (decided) continue;
    const reason = `declaration ${number} added after check-in: awaiting customs`;
    await tx.agencyDecision.create({
      data: {
        tripId: row.id,
        declarationKey: key,
        amendment: declarationAmendment(number),
        agency: 'customs',
        status: 'registered',
        decidedAt: new Date(),
        hold: { holds: [{ action: 'place', holdId: SCREENING_HOLD_ID, reason }] } as unknown as Prisma.InputJsonValue,
      },
    });
  }
  await recordAudit(tx, {
    action: 'declaration.swap',
    actor: who,
    targetType: 'trip',
    targetId: row.id,
    gateCode: row.gate.code,
    detail: { state: row.state, from: row.declarations.map((d) => d.number), added: [...added] },
  });
}

/**
 * After a live trip's declarations changed: its remaining stages follow the
 * new route, and the screening (or any other open) hold is put on it.
 *
 * @example
 * await rescreenTrip(ctx, tripId);
 */
export async function rescreenTrip(ctx: ApiContext, tripId: string): Promise<void> {
  const trip = await ctx.db.trip.findUniqueOrThrow({
    where: { id: tripId },
    select: { state: true, gate: { select: { code: true } }, declarations: { select: { key: true } }, cargo: { select: { hsCode: true, plantOrAnimal: true } } },
  });
  const scheduler = ctx.schedulers.get(trip.gate.code);
  if (!scheduler || !LIVE_TRIP_STATES.includes(trip.state as TripState)) return;
  const keys = trip.declarations.map((d) => d.key);
  const route = await routeFromDecisions(ctx.db, keys, cargoNeedsQuarantine(trip.cargo));
  await runCommand(ctx.metrics, 'setStages', () =>
    scheduler.setStages({ tripId, stages: route.stages, actor: 'system:screening', commandId: `rescreen-${tripId}-${Date.now()}` }),
  );
  await applyPendingHolds(ctx, scheduler, tripId, keys);
}
