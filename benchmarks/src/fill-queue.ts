/**
 * Puts trucks in a gate's queue through the public API, as drivers and the
 * yard operator would: register a trip (driver1), then check it in by plate
 * (operator1). For benchmarks that need a queue before they measure.
 */
import { randomUUID } from 'node:crypto';
import { ApiClient } from '@borderflow/traffic';
import { uniqueTripFactory } from './unique-trips.ts';

export interface QueuedTrip {
  id: string;
  plate: string;
}

/**
 * @example
 * const trips = await fillQueue(platform.url, 'KT', 150);
 */
export async function fillQueue(baseUrl: string, gate: string, count: number, options: { seed?: number; concurrency?: number } = {}): Promise<QueuedTrip[]> {
  const driver = new ApiClient({ baseUrl, username: 'driver1', password: 'demo', timeoutMs: 60_000 });
  const operator = new ApiClient({ baseUrl, username: 'operator1', password: 'demo', timeoutMs: 60_000 });
  // Plates of the demo seed are taken.
  const nextTrip = uniqueTripFactory({ gateCode: gate, seed: options.seed ?? 7, taken: ['24C12345', '24R01234', '24C67890', '云GA1234'] });
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
