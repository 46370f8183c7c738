/**
 * What the driver's status page says, from the trip as the API returned it and the live trip
 * subscription (snapshot + the trip's own events). Live placement wins while the trip is live.
 * Pure: the call-up rules are unit-tested.
 */
import type { Eta, Stage, Trip, TripState } from '@borderflow/contracts';
import type { TripLive } from '../live/projectors.ts';

/** From this position on the driver is told to get ready. */
export const READY_POSITION = 2;

export type CallUp = 'go' | 'ready' | null;

export interface DriverStatus {
  state: TripState;
  stage: Stage | null;
  /** 1-based number of the current stage and how many there are. */
  stageNumber: number;
  stageCount: number;
  position: number | null;
  eta: Eta | null;
  laneId: string | null;
  laneName: string | null;
  /** Call-up deadline (server ms) while called. */
  deadline: number | null;
  callUp: CallUp;
}

/**
 * @example
 * const status = driverStatus(trip, live);
 * if (status.callUp === 'go') alert(status.laneId);
 */
export function driverStatus(trip: Trip, live: TripLive | null): DriverStatus {
  const placement = live?.trip ?? null;
  const state = placement?.state ?? trip.state;
  const stages = placement?.stages ?? trip.stages;
  const stageIndex = placement?.stageIndex ?? trip.stageIndex;
  const laneId = placement ? placement.laneId : (trip.live?.laneId ?? trip.laneId);
  const lane = live?.lane && live.lane.id === laneId ? live.lane : null;
  const position = placement ? (state === 'queued' ? live?.position ?? null : null) : (trip.live?.position ?? null);
  const eta = placement ? (state === 'queued' ? live?.eta ?? null : null) : (trip.live?.eta ?? null);
  // REST gives the deadline as RFC 3339; the banner counts down from ms epoch, as /live's placement gives it.
  const restDeadline = trip.live?.deadline ? Date.parse(trip.live.deadline) : null;
  let callUp: CallUp = null;
  if (state === 'called' && laneId) callUp = 'go';
  else if (state === 'queued' && position !== null && position <= READY_POSITION) callUp = 'ready';
  return {
    state,
    stage: placement?.stage ?? stages[stageIndex] ?? null,
    stageNumber: Math.min(stages.length, stageIndex + 1),
    stageCount: stages.length,
    position,
    eta,
    laneId,
    laneName: lane?.name ?? null,
    deadline: state === 'called' ? (placement?.deadline ?? restDeadline) : null,
    callUp,
  };
}
