import { describe, expect, it } from 'vitest';
import { ZCreateTripRequestSchema } from '@borderflow/contracts';
import { createRandom } from './random.ts';
import { randomTripRequest } from './random-trip.ts';

describe('randomTripRequest', () => {
  it('builds registrations the API schema accepts, deterministic by seed', () => {
    const make = (seed: number) => {
      const rnd = createRandom(seed);
      return Array.from({ length: 300 }, () => randomTripRequest(rnd, { gateCode: 'KT', expectedArrival: 1_750_000_000_000 }));
    };
    const trips = make(11);
    for (const trip of trips) {
      const parsed = ZCreateTripRequestSchema.safeParse(trip);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    expect(make(11)).toEqual(trips);

    const exits = trips.filter((t) => t.direction === 'exit').length / trips.length;
    expect(exits).toBeGreaterThan(0.5);
    expect(exits).toBeLessThan(0.7);
    // Fresh fruit (perishable, with quarantine) and some empty returns are in the mix.
    expect(trips.some((t) => t.cargo.some((c) => c.perishable && c.plantOrAnimal))).toBe(true);
    expect(trips.some((t) => t.cargo.length === 0 && t.declarations.length === 0)).toBe(true);
    expect(trips.some((t) => t.vehicle.plate.startsWith('云G'))).toBe(true);
  });

  it('keeps the direction asked for', () => {
    const rnd = createRandom(1);
    for (let i = 0; i < 50; i++) {
      expect(randomTripRequest(rnd, { gateCode: 'KT', direction: 'entry', expectedArrival: 0 }).direction).toBe('entry');
    }
  });
});
