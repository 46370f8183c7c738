import { expect, it } from 'vitest';
import { checkPlate, checkTrailerPlate, ZCreateTripRequestSchema } from '@borderflow/contracts';
import { uniqueTripFactory } from './unique-trips.ts';

it('makes valid registrations that never reuse a truck or trailer plate', () => {
  const next = uniqueTripFactory({ gateCode: 'KT', seed: 3, taken: ['24C12345'] });
  const plates = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const body = next();
    expect(ZCreateTripRequestSchema.safeParse(body).success).toBe(true);
    const truck = checkPlate(body.vehicle.plate);
    if (!truck.ok) throw new Error(truck.message);
    expect(plates.has(truck.value)).toBe(false);
    plates.add(truck.value);
    if (body.vehicle.trailerPlate) {
      const trailer = checkTrailerPlate(body.vehicle.trailerPlate);
      if (!trailer.ok) throw new Error(trailer.message);
      expect(plates.has(trailer.value)).toBe(false);
      plates.add(trailer.value);
    }
  }
  expect(plates.has('24C12345')).toBe(false);
});

it('replays the same registrations for the same seed', () => {
  const a = uniqueTripFactory({ gateCode: 'KT', seed: 9 });
  const b = uniqueTripFactory({ gateCode: 'KT', seed: 9 });
  for (let i = 0; i < 20; i++) expect(a().vehicle).toEqual(b().vehicle);
});
