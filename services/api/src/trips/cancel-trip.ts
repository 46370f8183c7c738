/**
 * Cancelling a trip: a registered trip is only a database row; a live one is
 * taken out of the scheduler first (a lane it was called to takes the next truck).
 * A driver cannot cancel a trip under a control; an operator can, with a reason,
 * audited (cancel-rules.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@borderflow/db';
import { writingTrip } from '@borderflow/persist';
import { ACTIVE_TRIP_STATES, LIVE_TRIP_STATES, type TripState } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import type { TripRow } from './trip-view.ts';
import { runCommand } from '../scheduler-command.ts';
import { findAccessibleTrip } from './trip-access.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { assertDriverMayCancel, assertOperatorReason, underControl } from './cancel-rules.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { dropTripPlate } from '../devices/plate-index.ts';

/** An operator's cancel: why, and from where (the audit log keeps both). */
export interface CancelReason {
  reason?: string;
  ip?: string;
}

/**
 * Runs in the transaction that records the cancel in the database (the cancel notice's outbox
 * entry): the notice exists exactly when the cancel does. Also run when the trip is found already
 * cancelled, because a retried cancel may be finishing one whose process died after the scheduler
 * took it (the persist consumer then recorded the state, but nobody wrote the notice); the notice's
 * stable id makes that harmless.
 */
export type OnCancelled = (tx: Prisma.TransactionClient, gateCode: string) => Promise<void>;

/**
 * @example
 * await cancelTrip(ctx, principal, tripId, 'cmd-123');
 * await cancelTrip(ctx, operator, tripId, 'cmd-124', { reason: 'truck broke down in the yard' });
 */
export async function cancelTrip(
  ctx: ApiContext,
  who: Principal,
  tripId: string,
  commandId: string = randomUUID(),
  why: CancelReason = {},
  onCancelled: OnCancelled = async () => undefined,
): Promise<void> {
  const row = await findAccessibleTrip(ctx, who, tripId, 'act');
  const state = row.state as TripState;
  if (state === 'cancelled') {
    // Cancelling twice is not an error.
    await ctx.db.$transaction((tx) => onCancelled(tx, row.gate.code));
    return;
  }
  assertOperatorReason(who, why.reason);
  if (who.role === 'driver') await assertDriverMayCancel(ctx, row);
  await cancelOnce(ctx, who, row, commandId, onCancelled);
  if (who.role !== 'driver') {
    await recordAudit(ctx.db, {
      action: 'trip.operator-cancel',
      actor: who,
      targetType: 'trip',
      targetId: tripId,
      gateCode: row.gate.code,
      reason: why.reason!,
      detail: { state, channel: row.channel, plate: row.vehicle.plate },
      ...(why.ip ? { ip: why.ip } : {}),
    });
  }
}

async function cancelOnce(ctx: ApiContext, who: Principal, row: TripRow, commandId: string, onCancelled: OnCancelled): Promise<void> {
  const tripId = row.id;
  const gateCode = row.gate.code;
  const state = row.state as TripState;
  if (state === 'registered') {
    const done = await writingTrip(ctx, tripId, () => ctx.db.$transaction(async (tx) => {
      const { count } = await tx.trip.updateMany({ where: { id: tripId, state: 'registered' }, data: { state: 'cancelled' } });
      if (count === 1) await onCancelled(tx, gateCode);
      return count;
    }));
    if (done === 1) {
      // The yard cameras stop expecting it now rather than when a read next meets it.
      await dropTripPlate(ctx, gateCode, tripId, row.vehicle.plate);
      return;
    }
    // Checked in meanwhile: fall through to the live path with the fresh state.
    const fresh = await ctx.db.trip.findUniqueOrThrow({ where: { id: tripId }, select: { state: true } });
    if (!LIVE_TRIP_STATES.includes(fresh.state as TripState)) throw finished(fresh.state);
  } else if (!LIVE_TRIP_STATES.includes(state)) {
    throw finished(state);
  }
  const scheduler = ctx.schedulers.get(gateCode);
  if (!scheduler) throw AppError.worded('INTERNAL', REFUSALS.noScheduler(gateCode));
  try {
    const onlyIfFree = who.role === 'driver';
    await runCommand(ctx.metrics, 'cancel', () => scheduler.cancel({ tripId, actor: `user:${who.id}`, commandId, onlyIfFree }));
  } catch (err) {
    // Called or held between the driver's check and the scheduler: the scheduler's own check refused it.
    if (who.role === 'driver' && err instanceof AppError && err.code === 'TRIP_WRONG_STATE') throw underControl(err.message);
    // The database lags the scheduler (the trip just crossed): report the state conflict, not a missing trip.
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw finished('no longer live');
    throw err;
  }
  // Read-your-writes: the persist consumer will write the same from the event. The notice goes in
  // the same transaction; a crash before it commits is finished by the client's retry (see OnCancelled).
  await writingTrip(ctx, tripId, () => ctx.db.$transaction(async (tx) => {
    await tx.trip.updateMany({
      where: { id: tripId, state: { in: [...ACTIVE_TRIP_STATES] } },
      data: { state: 'cancelled', laneCode: null, deadline: null },
    });
    await onCancelled(tx, gateCode);
  }));
}

function finished(state: string): AppError {
  return AppError.worded('TRIP_WRONG_STATE', REFUSALS.tooLateToCancel(state), 'state');
}
