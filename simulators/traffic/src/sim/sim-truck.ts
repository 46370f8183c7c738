/**
 * The trucks of a simulated day, drawn before the run so that every policy
 * sees the same trucks at the same times with the same service and travel
 * times (common random numbers): each truck has its own random stream derived
 * from the seed and its index. Cargo and plates come from the demo feeder's
 * generator (random-trip.ts); the scenario only reshapes the mix.
 */
import {
  normaliseCnPlate, normaliseVnPlate, stagesFor,
  type Channel, type Direction, type PriorityClass, type SimDistribution, type SimScenario, type Stage,
} from '@borderflow/contracts';
import { CARGO_CATALOG } from '../cargo-catalog.ts';
import { createRandom, type Random } from '../random.ts';
import { randomTripRequest } from '../random-trip.ts';
import { SERVICE_MINUTES } from '../service-times.ts';
import { arrivalTimes, hourlyRates } from './nhpp.ts';
import { drawMs } from './random-variates.ts';

/** Stages a truck can visit at Kim Thành, in the order their service times are drawn. */
export const SIM_STAGES: readonly Stage[] = ['documents', 'xray', 'physical', 'quarantine', 'gate'];

export interface SimTruck {
  index: number;
  id: string;
  plate: string;
  direction: Direction;
  priorityClass: PriorityClass;
  perishable: boolean;
  plantOrAnimal: boolean;
  channel: Channel;
  /** The route once customs has decided (stagesFor). */
  stages: Stage[];
  /** Arrival at the staging yard, ms after local midnight of the simulated day. */
  arrivalAt: number;
  serviceMs: Record<Stage, number>;
  yardToLaneMs: number;
  betweenLanesMs: number;
  /** Never answers a call-up. */
  noShow: boolean;
  /** Extra travel of a late driver on the first call-up (0 when on time). */
  lateExtraMs: number;
  /** Quarantine samples go to the lab: held for `labHoldMs` after the quarantine stage. */
  labSample: boolean;
  labHoldMs: number;
  /** Turned back at X-ray/physical inspection. */
  turnBack: boolean;
  /** Backlog delay of its customs decision if it arrives during a customs outage. */
  customsDelayMs: number;
}

/** The service-time law of a stage: the scenario's, else the demo's range (uniform). */
export function serviceDistribution(scenario: SimScenario, stage: Stage): SimDistribution {
  const [minMinutes, maxMinutes] = SERVICE_MINUTES[stage];
  return scenario.serviceTimes[stage] ?? { kind: 'uniform', minMinutes, maxMinutes };
}

/** A 32-bit stream seed per truck from the run seed and its index (a splitmix-style mix). */
function truckSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Share of perishable goods in a direction's catalog, by weight. */
function perishableShare(direction: Direction): number {
  const items = CARGO_CATALOG[direction];
  const total = items.reduce((s, c) => s + c.weight, 0);
  return items.filter((c) => c.perishable).reduce((s, c) => s + c.weight, 0) / total;
}

function drawTruck(scenario: SimScenario, rnd: Random, index: number, arrivalAt: number): SimTruck {
  const direction: Direction = rnd.chance(scenario.arrivals.exitShare) ? 'exit' : 'entry';
  const { cargo: mix } = scenario;
  const empty = rnd.chance(mix.emptyShare);
  // Perishables are reweighted by the scenario's factor; the generator is asked again until
  // the truck's cargo has the drawn kind (it nearly always does within a few draws).
  const p0 = perishableShare(direction);
  const wantPerishable = !empty && rnd.chance((mix.perishableFactor * p0) / (mix.perishableFactor * p0 + 1 - p0));
  const expectedArrival = Date.UTC(2026, 0, 1) + arrivalAt;
  let request = randomTripRequest(rnd, { gateCode: scenario.gate, direction, expectedArrival, emptyShare: empty ? 1 : 0 });
  for (let i = 0; i < 50 && !empty && request.cargo.some((c) => c.perishable) !== wantPerishable; i++) {
    request = randomTripRequest(rnd, { gateCode: scenario.gate, direction, expectedArrival, emptyShare: 0 });
  }
  const perishable = request.cargo.some((c) => c.perishable);
  const plantOrAnimal = request.cargo.some((c) => c.plantOrAnimal);
  const channel: Channel = empty ? 'green' : rnd.weighted([
    ['green', scenario.channelMix.green], ['yellow', scenario.channelMix.yellow], ['red', scenario.channelMix.red],
  ] as const);
  const physical = rnd.chance(scenario.channelMix.redPhysicalShare);
  const trusted = rnd.chance(mix.trustedShare);
  const priorityClass: PriorityClass = perishable ? 'perishable' : empty ? 'empty_return' : trusted ? 'trusted' : 'ordinary';
  const serviceMs = {} as Record<Stage, number>;
  for (const stage of SIM_STAGES) serviceMs[stage] = Math.max(1_000, Math.round(drawMs(rnd, serviceDistribution(scenario, stage))));
  serviceMs.weighbridge = 120_000;
  const t = scenario.travel;
  const yardToLaneMs = Math.round(drawMs(rnd, t.yardToLane));
  const betweenLanesMs = Math.round(drawMs(rnd, t.betweenLanes));
  const noShow = rnd.chance(t.noShowShare);
  const late = rnd.chance(t.lateShare);
  const lateExtraMs = Math.round(drawMs(rnd, t.lateExtra));
  const labSample = rnd.chance(mix.labSampleShare);
  const labHoldMs = Math.round(drawMs(rnd, mix.labHold));
  const turnBack = rnd.chance(scenario.turnedBackShare);
  const outage = scenario.disruptions.find((d) => d.kind === 'customs_outage');
  const customsDelayMs = outage?.kind === 'customs_outage' ? Math.round(drawMs(rnd, outage.decisionDelay)) : 0;
  const rawPlate = request.vehicle.plate;
  const plate = /^\d/.test(rawPlate) ? normaliseVnPlate(rawPlate) : normaliseCnPlate(rawPlate);
  return {
    index, id: `T${String(index + 1).padStart(5, '0')}`, plate, direction, priorityClass, perishable, plantOrAnimal, channel,
    stages: stagesFor({ channel, inspectionModes: channel === 'red' && physical ? ['physical'] : [], plantOrAnimal }),
    arrivalAt, serviceMs, yardToLaneMs, betweenLanesMs, noShow, lateExtraMs: late ? lateExtraMs : 0,
    labSample, labHoldMs, turnBack, customsDelayMs,
  };
}

/**
 * Every truck of the scenario's day(s) for a seed, in arrival order.
 * @example const trucks = drawTrucks(scenario, 42); trucks.length // ≈ scenario.arrivals.trucksPerDay
 */
export function drawTrucks(scenario: SimScenario, seed: number): SimTruck[] {
  const rates = hourlyRates(scenario.arrivals.trucksPerDay, scenario.arrivals.hourlyProfile);
  const times = arrivalTimes(createRandom(seed), rates, scenario.durationHours * 3_600_000);
  return times.map((at, i) => drawTruck(scenario, createRandom(truckSeed(seed, i)), i, Math.round(at)));
}
