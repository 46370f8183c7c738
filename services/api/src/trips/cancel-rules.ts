/**
 * Who may cancel a trip under a control (issue 10, "holds and controls stick").
 * A driver may cancel a trip only while nothing is pending on it: not once it
 * is called to a lane, at one or inspected, not while any hold is on it (an
 * agency's or a lane's), and not on a red channel — the truck would otherwise
 * leave before its inspection. An operator (or admin) may cancel any active
 * trip, with a reason that goes to the audit log. Whatever the cancel, holds
 * and the red channel stay bound to the declaration and the truck (see
 * inherited-controls.ts): a new trip picks them up.
 */
import type { TripState } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { activeHolds } from '../agency/decision-state.ts';
import { liveStatus, type TripRow } from './trip-view.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** A truck in one of these states is in a lane's hands or held. */
const UNDER_CONTROL: readonly TripState[] = ['called', 'at_lane', 'inspecting', 'held'];

function refused(why: string): AppError {
  return AppError.worded('TRIP_WRONG_STATE', REFUSALS.driverCannotCancel(why), 'state');
}

/**
 * The scheduler refused a driver's cancel (the truck was called or held meanwhile): the same 409.
 *
 * @example
 * throw underControl('trip t1 is called: it is under a control');
 */
export function underControl(schedulerMessage: string): AppError {
  return refused(schedulerMessage.replace(/^trip \S+ is /, 'it is '));
}

/**
 * Throws 409 (field `state`) when a driver may not cancel this trip, saying why.
 *
 * @example
 * await assertDriverMayCancel(ctx, row); // a red-channel trip → AppError TRIP_WRONG_STATE
 */
export async function assertDriverMayCancel(ctx: ApiContext, row: TripRow): Promise<void> {
  // Redis is fresher than the row for a live trip (the persist consumer lags).
  const live = row.state === 'registered' ? null : await liveStatus(ctx.schedulers.get(row.gate.code), row.id);
  const state = (live?.trip.state ?? row.state) as TripState;
  if (UNDER_CONTROL.includes(state)) refusedFor(state);
  if (live?.trip.hold || row.hold) throw refused('it is on hold');
  if (row.channel === 'red') throw refused('customs put it on the red channel (inspection pending)');
  const holds = [...(await activeHolds(ctx.db, row.declarations.map((d) => d.key))).values()];
  if (holds.length > 0) throw refused(`${holds[0]!.agency} placed a hold on it (${holds[0]!.reason})`);
}

function refusedFor(state: TripState): never {
  const what: Partial<Record<TripState, string>> = {
    called: 'it has been called to a lane',
    at_lane: 'it is at a lane',
    inspecting: 'it is being inspected',
    held: 'it is on hold',
  };
  throw refused(what[state] ?? `it is ${state}`);
}

/**
 * An operator's cancel needs a reason (400 on `reason` otherwise).
 *
 * @example
 * assertOperatorReason(principal, body.reason);
 */
export function assertOperatorReason(who: Principal, reason: string | undefined): asserts reason is string {
  if (who.role !== 'driver' && !reason) {
    throw AppError.worded('VALIDATION_FAILED', REFUSALS.cancelReason, 'reason');
  }
}
