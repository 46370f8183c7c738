/**
 * Putting the gate in a known state for e2e tests through the real API (as the demo users):
 * register a trip as a driver, check it in as the operator, set a lane's status.
 *
 * @example
 * const a = await registerTrip(h.api, 'driver1');
 * await checkIn(h.api, { plate: a.vehicle.plate });
 */
import { ROUTES, createClient, type BorderFlowClient } from '@borderflow/client';
import type { CreateTripRequestInput, Trip } from '@borderflow/contracts';
import type { TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { tripRequest } from '@borderflow/api/src/testing/trip-fixtures.ts';

/**
 * The typed client of the test platform as a demo user (a refused call throws the server's ApiError).
 *
 * @example
 * const trip = await (await clientAs(h.api, 'driver1')).call(ROUTES.readTrip, { params: { tripId } });
 */
export async function clientAs(api: TestApi, username: string): Promise<BorderFlowClient> {
  const token = await api.token(username);
  return createClient({ baseUrl: api.url, token: () => token });
}

/** A new trip of `driver` (unique plate and declaration). */
export async function registerTrip(api: TestApi, driver: string, overrides: Partial<CreateTripRequestInput> = {}): Promise<Trip> {
  return (await clientAs(api, driver)).call(ROUTES.registerTrip, { body: tripRequest(overrides) });
}

/** Checks a truck into the staging yard of KT as operator1. */
export async function checkIn(api: TestApi, body: { plate: string } | { qrToken: string }): Promise<{ replayed: boolean; trip: Trip }> {
  return (await clientAs(api, 'operator1')).call(ROUTES.checkIn, { params: { gate: 'KT' }, body });
}

const LANE_STATUS_ROUTES = { open: ROUTES.openLane, pause: ROUTES.pauseLane, close: ROUTES.closeLane, maintenance: ROUTES.laneMaintenance };

/** Opens, pauses, closes or puts a lane of KT in maintenance, as operator1. */
export async function setLaneStatus(api: TestApi, laneId: string, action: 'open' | 'pause' | 'close' | 'maintenance', reason = 'e2e test'): Promise<void> {
  await (await clientAs(api, 'operator1')).call(LANE_STATUS_ROUTES[action], { params: { gate: 'KT', laneId }, body: { reason } });
}

/** One trip as the API shows it now (as operator1). */
export async function getTrip(api: TestApi, tripId: string): Promise<Trip> {
  return (await clientAs(api, 'operator1')).call(ROUTES.readTrip, { params: { tripId } });
}

/**
 * KT-X1 as the only lane for ordinary exit trucks (X2 paused; P1 takes perishables only), with an
 * empty truck called to it (`first`) and a loaded one queued behind (`next`).
 */
export async function oneExitLaneWithTwoTrucks(api: TestApi): Promise<{ first: Trip; next: Trip }> {
  await setLaneStatus(api, 'KT-X2', 'pause', 'e2e: one exit lane');
  const first = await registerTrip(api, 'driver1', { cargo: [] });
  const next = await registerTrip(api, 'driver2');
  await checkIn(api, { plate: first.vehicle.plate });
  await checkIn(api, { plate: next.vehicle.plate });
  return { first, next };
}

/**
 * Checks a trip in and takes it to one of its ends as operator1, as the yard would: every lane it
 * is called to clears it ('crossed'), the first inspection turns it back ('turned_back'), or it
 * never reaches its lane, twice ('no_show': re-queued once, then dropped). Returns the trip then.
 *
 * @example const crossed = await takeToEnd(h.api, trip, 'crossed');
 */
export async function takeToEnd(api: TestApi, trip: Trip, end: 'crossed' | 'turned_back' | 'no_show'): Promise<Trip> {
  await checkIn(api, { plate: trip.vehicle.plate });
  const operator = await clientAs(api, 'operator1');
  let n = 0;
  const commandId = () => `e2e-${end}-${trip.id}-${n++}`;
  for (let visit = 0; visit < 8; visit++) {
    let now = await getTrip(api, trip.id);
    for (let i = 0; i < 200 && now.state !== 'called' && ['registered', 'queued', 'exit_queue'].includes(now.state); i++) {
      await new Promise((r) => setTimeout(r, 150));
      now = await getTrip(api, trip.id);
    }
    if (now.state !== 'called') return now;
    const laneId = now.live!.laneId!;
    if (end === 'no_show') {
      await operator.call(ROUTES.markNoShow, { params: { gate: 'KT', tripId: trip.id }, body: { commandId: commandId() } });
      continue;
    }
    await operator.call(ROUTES.arriveAtLane, { params: { gate: 'KT', laneId }, body: { tripId: trip.id, commandId: commandId() } });
    await operator.call(ROUTES.startInspection, { params: { gate: 'KT', laneId }, body: { tripId: trip.id, commandId: commandId() } });
    const outcome = end === 'turned_back' ? 'turned_back' : 'cleared';
    await operator.call(ROUTES.completeInspection, { params: { gate: 'KT', laneId }, body: { tripId: trip.id, outcome, commandId: commandId() } });
  }
  return getTrip(api, trip.id);
}
