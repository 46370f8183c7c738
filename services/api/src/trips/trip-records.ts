/**
 * Database pieces shared by registering and correcting a trip: vehicles,
 * drivers, the trip's child rows, and the customs decision that shapes its route.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '@borderflow/db';
import {
  ACTIVE_TRIP_STATES,
  declarationAmendment,
  declarationKey,
  type CargoItemInput,
  type ContainerInput,
  type DriverInput,
} from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { routeFromDecisions, type RouteDecision } from '../agency/decision-state.ts';

type Tx = Prisma.TransactionClient;

/**
 * `IN (…)` of the active states for raw SQL: our own constants as literals (an array parameter
 * reaches PGlite as one comma-joined string).
 */
export const ACTIVE_STATES_SQL = Prisma.raw(`(${ACTIVE_TRIP_STATES.map((s) => `'${s}'`).join(', ')})`);

/** The account's own driver row, as registration reads it with its other facts. */
export interface OwnDriver {
  id: string;
  fullName: string;
  phone: string;
  licenseNo: string | null;
}

/**
 * The driver row for these details: the account's own driver row when the
 * details match it, else a new row (never editing a row other trips point to).
 * `own`: the account's row when the caller has read it already (null: it has none).
 */
export async function driverFor(tx: Tx, userId: string, input: DriverInput, own?: OwnDriver | null): Promise<{ id: string }> {
  const licenseNo = input.licenseNo ?? null;
  const mine = own === undefined ? await tx.driver.findUnique({ where: { userId } }) : own;
  if (!mine) return tx.driver.create({ data: { ...input, licenseNo, userId }, select: { id: true } });
  if (mine.fullName === input.fullName && mine.phone === input.phone && (licenseNo === null || mine.licenseNo === licenseNo)) {
    return { id: mine.id };
  }
  // An unowned row with the same details, or a new one: one statement either way.
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    WITH "found" AS (
      SELECT "id" FROM "drivers"
      WHERE "user_id" IS NULL AND "full_name" = ${input.fullName} AND "phone" = ${input.phone}
        AND "license_no" IS NOT DISTINCT FROM CAST(${licenseNo} AS text)
      LIMIT 1
    ), "made" AS (
      INSERT INTO "drivers" ("id", "full_name", "phone", "license_no")
      SELECT ${randomUUID()}, ${input.fullName}, ${input.phone}, CAST(${licenseNo} AS text)
      WHERE NOT EXISTS (SELECT 1 FROM "found")
      RETURNING "id"
    )
    SELECT "id" FROM "found" UNION ALL SELECT "id" FROM "made"`;
  return { id: row!.id };
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
  // Worded for the driver who meets it on the registration form, in their language.
  return AppError.worded('CONFLICT', {
    en: 'This vehicle already has an active trip; cancel or finish it before registering another',
    vi: 'Xe này đã có một chuyến đang hoạt động; hãy hủy hoặc hoàn tất chuyến đó trước khi đăng ký chuyến khác',
    zh: '该车辆已有进行中的行程；请先取消或完成该行程，再登记新的行程',
  }, 'vehicle.plate');
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
