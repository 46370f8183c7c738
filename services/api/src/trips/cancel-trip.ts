/**
 * Cancelling a trip: a registered trip is only a database row; a live one is
 * taken out of the scheduler first (a lane it was called to takes the next truck).
 */
import { randomUUID } from 'node:crypto';
import { ACTIVE_TRIP_STATES, LIVE_TRIP_STATES, type TripState } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { runCommand } from '../scheduler-command.ts';
import { findAccessibleTrip } from './trip-access.ts';

/**
 * @example
 * await cancelTrip(ctx, principal, tripId, 'cmd-123');
 */
export async function cancelTrip(
  ctx: ApiContext,
  who: Principal,
  tripId: string,
  commandId: string = randomUUID(),
): Promise<void> {
  const row = await findAccessibleTrip(ctx.db, who, tripId);
  const state = row.state as TripState;
  if (state === 'cancelled') return; // cancelling twice is not an error
  if (state === 'registered') {
    const done = await ctx.db.trip.updateMany({ where: { id: tripId, state: 'registered' }, data: { state: 'cancelled' } });
    if (done.count === 1) return;
    // Checked in meanwhile: fall through to the live path with the fresh state.
    const fresh = await ctx.db.trip.findUniqueOrThrow({ where: { id: tripId }, select: { state: true } });
    if (!LIVE_TRIP_STATES.includes(fresh.state as TripState)) throw finished(fresh.state);
  } else if (!LIVE_TRIP_STATES.includes(state)) {
    throw finished(state);
  }
  const scheduler = ctx.schedulers.get(row.gate.code);
  if (!scheduler) throw new AppError('INTERNAL', `Gate ${row.gate.code} has no scheduler in this process`);
  try {
    await runCommand(ctx.metrics, 'cancel', () => scheduler.cancel({ tripId, actor: `user:${who.id}`, commandId }));
  } catch (err) {
    // The database lags the scheduler (the trip just crossed): report the state conflict, not a missing trip.
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw finished('no longer live');
    throw err;
  }
  // Read-your-writes: the persist consumer will write the same from the event.
  await ctx.db.trip.updateMany({
    where: { id: tripId, state: { in: [...ACTIVE_TRIP_STATES] } },
    data: { state: 'cancelled', laneCode: null, deadline: null },
  });
}

function finished(state: string): AppError {
  return new AppError('TRIP_WRONG_STATE', `Trip can no longer be cancelled (state ${state})`, 'state');
}
