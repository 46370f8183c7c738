/**
 * Which barrier or light a gate event moves, and how (issue 17). One table, so the rule is read in one
 * place:
 *   - trip_called          → the lane's light turns green: the called truck may drive in;
 *   - trip_at_lane         → red behind it: the lane is taken;
 *   - trip_no_show         → red: nobody is to enter until the next call-up turns it green again;
 *   - lane paused/closed/in maintenance → red;
 *   - trip_crossed         → the yard exit barrier opens for that truck (the pacer released it to cross;
 *                            the barrier's own loop detector closes it behind the truck).
 */
import type { GateEvent, SignalAction } from '@borderflow/contracts';

export interface SignalMove {
  kind: 'barrier' | 'signal';
  /** The lane whose light it is; null for the yard exit barrier. */
  laneId: string | null;
  action: SignalAction;
  tripId: string | null;
  plate: string | null;
}

/**
 * @example
 * signalMovesFor(calledEvent); // [{ kind: 'signal', laneId: 'KT-X1', action: 'green', tripId, plate }]
 */
export function signalMovesFor(event: GateEvent): SignalMove[] {
  const laneId = event.lane?.id ?? event.trip?.laneId ?? null;
  const trip = { tripId: event.trip?.id ?? null, plate: event.trip?.plate ?? null };
  switch (event.type) {
    case 'trip_called':
      return laneId ? [{ kind: 'signal', laneId, action: 'green', ...trip }] : [];
    case 'trip_at_lane':
      return laneId ? [{ kind: 'signal', laneId, action: 'red', ...trip }] : [];
    case 'trip_no_show':
      return laneId ? [{ kind: 'signal', laneId, action: 'red', tripId: null, plate: null }] : [];
    case 'lane_status_changed':
      return laneId && event.detail.to !== 'open' ? [{ kind: 'signal', laneId, action: 'red', tripId: null, plate: null }] : [];
    case 'trip_crossed':
      return [{ kind: 'barrier', laneId: null, action: 'open', ...trip }];
    default:
      return [];
  }
}
