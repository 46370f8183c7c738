/**
 * Database pieces shared by registering and correcting a trip: vehicles,
 * drivers, the trip's child rows, and the customs decision that shapes its route.
 */
import type { Prisma } from '@borderflow/db';
import {
  ACTIVE_TRIP_STATES,
  declarationAmendment,
  declarationKey,
  plateCountry,
  type CargoItemInput,
  type ContainerInput,
  type DriverInput,
} from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { routeFromDecisions, type RouteDecision } from '../agency/decision-state.ts';

type Tx = Prisma.TransactionClient;

/**
 * The vehicle row of a normalised plate, created on first use.
 *
 * @example
 * const truck = await vehicleFor(tx, '24C12345', '24C-123.45', 'truck', companyId);
 */
export async function vehicleFor(
  tx: Tx,
  plate: string,
  display: string,
  kind: 'truck' | 'trailer',
  companyId: string | null,
): Promise<{ id: string }> {
  const country = plateCountry(plate) ?? 'VN';
  return tx.vehicle.upsert({
    where: { plate },
    create: { plate, plateDisplay: display || plate, kind, country, companyId },
    update: {},
    select: { id: true },
  });
}

/**
 * The driver row for these details: the account's own driver row when the
 * details match it, else a new row (never editing a row other trips point to).
 */
export async function driverFor(tx: Tx, userId: string, input: DriverInput): Promise<{ id: string }> {
  const licenseNo = input.licenseNo ?? null;
  const own = await tx.driver.findUnique({ where: { userId } });
  if (!own) return tx.driver.create({ data: { ...input, licenseNo, userId }, select: { id: true } });
  if (own.fullName === input.fullName && own.phone === input.phone && (licenseNo === null || own.licenseNo === licenseNo)) {
    return { id: own.id };
  }
  const same = await tx.driver.findFirst({
    where: { userId: null, fullName: input.fullName, phone: input.phone, licenseNo },
    select: { id: true },
  });
  return same ?? tx.driver.create({ data: { ...input, licenseNo }, select: { id: true } });
}

/** 409 on `vehicle.plate` when the vehicle already has an active trip (other than `exceptTripId`). */
export async function assertNoActiveTrip(tx: Tx, vehicleId: string, exceptTripId?: string): Promise<void> {
  const active = await tx.trip.findFirst({
    where: { vehicleId, state: { in: [...ACTIVE_TRIP_STATES] }, ...(exceptTripId ? { id: { not: exceptTripId } } : {}) },
    select: { id: true },
  });
  if (active) throw activeTripConflict();
}

export function activeTripConflict(): AppError {
  return new AppError(
    'CONFLICT',
    'This vehicle already has an active trip; cancel or finish it before registering another',
    'vehicle.plate',
  );
}

export function cargoRows(cargo: CargoItemInput[]): Prisma.CargoItemCreateWithoutTripInput[] {
  return cargo.map((c) => ({
    description: c.description,
    hsCode: c.hsCode,
    packages: c.packages,
    grossKg: c.grossKg,
    perishable: c.perishable ?? false,
    plantOrAnimal: c.plantOrAnimal ?? false,
  }));
}

export function containerRows(containers: ContainerInput[]): Prisma.ContainerCreateWithoutTripInput[] {
  return containers.map((c) => ({ number: c.number, seals: c.seals }));
}

export function declarationRows(numbers: string[]): Prisma.DeclarationCreateWithoutTripInput[] {
  return numbers.map((n) => ({ number: n, key: declarationKey(n), amendment: declarationAmendment(n) }));
}

export type { RouteDecision } from '../agency/decision-state.ts';

/**
 * The route from the decisions on the declaration keys (newest per
 * declaration by amendment and decision time; the strictest channel wins)
 * and the stages it implies for this cargo.
 *
 * @example
 * const route = await routeFor(tx, ['30512345678'], true); // { channel: 'red', stages: [...] }
 */
export function routeFor(tx: Tx, keys: string[], plantOrAnimal: boolean): Promise<RouteDecision> {
  return routeFromDecisions(tx, keys, plantOrAnimal);
}
