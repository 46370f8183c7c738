/**
 * Putting the gate in a known state for e2e tests through the real API (as the demo users):
 * register a trip as a driver, check it in as the operator, set a lane's status.
 *
 * @example
 * const a = await registerTrip(h.api, 'driver1');
 * await checkIn(h.api, { plate: a.vehicle.plate });
 */
import type { Trip } from '@borderflow/contracts';
import type { TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { tripRequest } from '@borderflow/api/src/testing/trip-fixtures.ts';
import type { CreateTripRequestInput } from '@borderflow/contracts';

async function expectOk<T>(what: string, answer: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await answer;
  if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A new trip of `driver` (unique plate and declaration). */
export async function registerTrip(api: TestApi, driver: string, overrides: Partial<CreateTripRequestInput> = {}): Promise<Trip> {
  const token = await api.token(driver);
  return expectOk('register trip', api.call<Trip>('POST', '/v1/trips', { token, body: tripRequest(overrides) }));
}

/** Checks a truck into the staging yard of KT as operator1. */
export async function checkIn(api: TestApi, body: { plate: string } | { qrToken: string }): Promise<{ replayed: boolean; trip: Trip }> {
  const token = await api.token('operator1');
  return expectOk('check in', api.call('POST', '/v1/gates/KT/check-ins', { token, body }));
}

/** Opens, pauses, closes or puts a lane of KT in maintenance, as operator1. */
export async function setLaneStatus(api: TestApi, laneId: string, action: 'open' | 'pause' | 'close' | 'maintenance', reason = 'e2e test'): Promise<void> {
  const token = await api.token('operator1');
  await expectOk(`${action} ${laneId}`, api.call('POST', `/v1/gates/KT/lanes/${laneId}/${action}`, { token, body: { reason } }));
}

/** One trip as the API shows it now (as operator1). */
export async function getTrip(api: TestApi, tripId: string): Promise<Trip> {
  const token = await api.token('operator1');
  return expectOk('get trip', api.call<Trip>('GET', `/v1/trips/${tripId}`, { token }));
}
