/**
 * Trip registrations for load tests: the traffic simulator's random trips
 * (valid plates, containers, declarations, cargo), but never two with the same
 * truck or trailer plate in one run, because the platform allows one active
 * trip per vehicle and a repeated plate would be a 409, not a creation.
 */
import { checkPlate, checkTrailerPlate, type CreateTripRequestInput } from '@borderflow/contracts';
import { createRandom, randomTripRequest, type Random, type RandomTripOptions } from '@borderflow/traffic';

export interface UniqueTripFactoryOptions extends Omit<RandomTripOptions, 'expectedArrival'> {
  seed?: number;
  /** Plates already in use (e.g. the demo seed's), normalised. */
  taken?: Iterable<string>;
}

/**
 * @example
 * const next = uniqueTripFactory({ gateCode: 'KT', seed: 7 });
 * const body = next(); // a CreateTripRequestInput whose plates no earlier body used
 */
export function uniqueTripFactory(options: UniqueTripFactoryOptions): () => CreateTripRequestInput {
  const rnd: Random = createRandom(options.seed);
  const used = new Set<string>(options.taken ?? []);
  const normalised = (plate: string, check: typeof checkPlate) => {
    const r = check(plate);
    if (!r.ok) throw new Error(`random plate ${plate} is invalid: ${r.message}`);
    return r.value;
  };
  return () => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      // Expected within the next two hours: a registration the gate would accept today.
      const body = randomTripRequest(rnd, { ...options, expectedArrival: Date.now() + rnd.int(10, 120) * 60_000 });
      const plates = [normalised(body.vehicle.plate, checkPlate)];
      if (body.vehicle.trailerPlate) plates.push(normalised(body.vehicle.trailerPlate, checkTrailerPlate));
      if (plates.some((p) => used.has(p)) || plates[0] === plates[1]) continue;
      for (const p of plates) used.add(p);
      return body;
    }
    throw new Error('could not find an unused plate in 1000 attempts');
  };
}
