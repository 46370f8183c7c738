/**
 * Puts trucks in a gate's queue through the public API, as drivers and the
 * yard operator would: register a trip (driver1), then check it in by plate
 * (operator1). For benchmarks that need a queue before they measure.
 */
import { randomUUID } from 'node:crypto';
import type { CreateTripRequestInput } from '@borderflow/contracts';
import { ApiClient } from '@borderflow/traffic';
import { uniqueTripFactory } from './unique-trips.ts';

/** Plates the demo seed already uses (normalised). */
export const SEEDED_PLATES = ['24C12345', '24R01234', '24C67890', '云GA1234'];

export interface QueuedTrip {
  id: string;
  plate: string;
}

/**
 * @example
 * const trips = await fillQueue(platform.url, 'KT', 150);
 */
export async function fillQueue(
  baseUrl: string,
  gate: string,
  count: number,
  options: { nextTrip?: () => CreateTripRequestInput; concurrency?: number } = {},
): Promise<QueuedTrip[]> {
  const driver = new ApiClient({ baseUrl, username: 'driver1', password: 'demo', timeoutMs: 60_000 });
  const operator = new ApiClient({ baseUrl, username: 'operator1', password: 'demo', timeoutMs: 60_000 });
  // A caller that registers trips itself passes its factory, so no plate is used twice in a run.
  const nextTrip = options.nextTrip ?? uniqueTripFactory({ gateCode: gate, seed: 7, taken: SEEDED_PLATES });
  const concurrency = options.concurrency ?? 8;
  const trips: QueuedTrip[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, async () => {
      const trip = await driver.createTrip(nextTrip());
      await operator.checkIn(gate, trip.vehicle.plate, `fill-${randomUUID()}`);
      return { id: trip.id, plate: trip.vehicle.plate };
    }));
    trips.push(...batch);
  }
  return trips;
}
