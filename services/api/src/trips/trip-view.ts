/**
 * How a trip row (with its relations) becomes the `Trip` the API returns,
 * merged with its live placement from the scheduler when it has one: Redis is
 * the freshest truth for a live trip, the database for everything else.
 */
import type { Prisma } from '@borderflow/db';
import { LIVE_TRIP_STATES, ZClassSourceSchema, restWire, type Stage, type Trip, type TripLive, type TripState } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import { tripPriorityView } from './priority-class.ts';

/** Relations every trip response needs. */
export const TRIP_INCLUDE = {
  gate: { select: { code: true } },
  vehicle: { select: { plate: true } },
  trailer: { select: { plate: true } },
  driver: { select: { fullName: true, phone: true, licenseNo: true } },
  cargo: { orderBy: { id: 'asc' } },
  containers: { orderBy: { number: 'asc' } },
  declarations: { orderBy: { key: 'asc' } },
  _count: { select: { revisions: true } },
} satisfies Prisma.TripInclude;

export type TripRow = Prisma.TripGetPayload<{ include: typeof TRIP_INCLUDE }>;

/** What the scheduler's `tripStatus` answers (typed loosely so this file tolerates scheduler changes). */
export type TripStatus = NonNullable<Awaited<ReturnType<GateScheduler['tripStatus']>>>;

/**
 * Reads the live part of a trip, or null when the scheduler does not hold it.
 *
 * @example
 * const status = await liveStatus(scheduler, trip.id);
 */
export async function liveStatus(scheduler: GateScheduler | undefined, tripId: string): Promise<TripStatus | null> {
  if (!scheduler) return null;
  return (await scheduler.tripStatus(tripId)) ?? null;
}

/** Whether the scheduler (Redis) holds the trip, so that its view carries a live placement. */
export function isLiveTrip(row: Pick<TripRow, 'state'>): boolean {
  return LIVE_TRIP_STATES.includes(row.state as TripState);
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/**
 * @example
 * const body = toTripView(row, await liveStatus(scheduler, row.id));
 */
/**
 * What a driver registered and may correct, in request shape: the trip view shows it and a
 * correction compares against it (correct-trip.ts), so both read it here.
 */
export function correctableOf(row: TripRow) {
  return {
    vehicle: { plate: row.vehicle.plate, trailerPlate: row.trailer?.plate ?? null },
    driver: { fullName: row.driver.fullName, phone: row.driver.phone, licenseNo: row.driver.licenseNo },
    cargo: row.cargo.map((c) => ({
      description: c.description,
      hsCode: c.hsCode,
      packages: c.packages,
      grossKg: c.grossKg,
      perishable: c.perishable,
      plantOrAnimal: c.plantOrAnimal,
    })),
    containers: row.containers.map((c) => ({ number: c.number, seals: c.seals })),
    // Only its own: declarations inherited from the truck's earlier trip (inherited-controls.ts) show as its channel and hold.
    declarations: row.declarations.filter((d) => d.inheritedFromTripId === null).map((d) => d.number),
    expectedArrival: row.expectedArrival.toISOString(),
    appointmentAt: iso(row.appointmentAt),
  };
}

/**
 * An unknown stored source (a row written by a newer version) reads as the default rule. Built once:
 * building the schema on every view was most of zod's share of a trip read (issue 15).
 */
const STORED_CLASS_SOURCE = ZClassSourceSchema.catch('default');

export function toTripView(row: TripRow, status: TripStatus | null): Trip {
  const placement = status?.trip ?? null;
  const live: TripLive | null = placement
    ? {
        position: status?.position ?? null,
        eta: status?.eta ?? null,
        laneId: status?.laneId ?? placement.laneId ?? null,
        deadline: restWire.instant(placement.deadline ?? null),
      }
    : null;
  return {
    id: row.id,
    gateCode: row.gate.code,
    direction: row.direction,
    state: (placement?.state ?? row.state) as TripState,
    priorityClass: row.priorityClass,
    priority: tripPriorityView(row.priorityClass, STORED_CLASS_SOURCE.parse(row.classSource), row.cargo),
    ...correctableOf(row),
    channel: row.channel,
    stages: (placement?.stages ?? row.stages) as Stage[],
    stageIndex: placement?.stageIndex ?? row.stageIndex,
    laneId: placement ? placement.laneId : row.laneCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revisions: row._count.revisions,
    live,
  };
}
