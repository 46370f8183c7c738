/**
 * Where the driver's journey sends people next. One place, so the booking page's route (built
 * alongside) and the gate's help line change here only.
 */
import { FINISHED_TRIP_STATES, type TripState } from '@borderflow/contracts';

/** "Book again": the slot booking page (the booking work's route). */
export const BOOK_AGAIN_PATH = '/driver/book';
/** Registering a new trip without a slot (walk-in), always available. */
export const REGISTER_PATH = '/driver/register';
/** The gate's help desk, shown on end screens (demo number: the seeded Kim Thành gate). */
export const GATE_HELP_PHONE = '+84 214 3830 000';

export type EndedState = 'crossed' | 'cancelled' | 'no_show' | 'turned_back';

/** Over for the driver, crossed or not: no QR pass, no cancel, an end screen (contracts' FINISHED_TRIP_STATES). */
export function isEnded(state: TripState): state is EndedState {
  return FINISHED_TRIP_STATES.includes(state);
}

/** A driver may try to cancel before a lane has the truck (the server has the final word: cancel-rules.ts). */
export const DRIVER_CANCELLABLE_STATES = ['registered', 'queued'] as const satisfies readonly TripState[];

export function driverMayTryCancel(state: TripState): boolean {
  return (DRIVER_CANCELLABLE_STATES as readonly TripState[]).includes(state);
}
