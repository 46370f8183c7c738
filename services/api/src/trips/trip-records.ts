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

/** The driver row a trip gets, as `driverSteps` gives it. */
export interface DriverRow {
  id: string;
  full_name: string;
  phone: string;
  license_no: string | null;
}

/**
 * The driver row for these details, never editing a row other trips point to: the account's own
 * row when the details match it; an account without one gets one made as its own; otherwise an
 * unowned row with the same details, or a new one.
 *
 * @example
 * const driver = await driverFor(tx, principal.id, { fullName: 'Nguyễn Văn An', phone: '+84912345678' });
 */
export async function driverFor(tx: Tx, userId: string, input: DriverInput): Promise<{ id: string }> {
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`WITH ${driverSteps(userId, input)} SELECT "id" FROM "driver"`;
  return { id: row!.id };
}

/**
 * `driverFor`'s rule as steps of a WITH, ending in "driver" (one row: id, full_name, phone,
 * license_no), so registration runs it inside its own statement. `when`: SQL that must hold for
 * anything to be written (registration: its facts were found). One statement whichever way it goes.
 */
export function driverSteps(userId: string, input: DriverInput, when: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  const licenseNo = input.licenseNo ?? null;
  const columns = Prisma.sql`"id", "full_name", "phone", "license_no"`;
  return Prisma.sql`
    "driver_own" AS (SELECT ${columns} FROM "drivers" WHERE "user_id" = ${userId}),
    "driver_same" AS (
      SELECT ${columns} FROM "driver_own"
      WHERE "full_name" = ${input.fullName} AND "phone" = ${input.phone}
        AND (CAST(${licenseNo} AS text) IS NULL OR "license_no" = CAST(${licenseNo} AS text))
    ), "driver_first" AS (
      INSERT INTO "drivers" ("id", "full_name", "phone", "license_no", "user_id")
      SELECT ${randomUUID()}, ${input.fullName}, ${input.phone}, CAST(${licenseNo} AS text), ${userId}
      WHERE ${when} AND NOT EXISTS (SELECT 1 FROM "driver_own")
      RETURNING ${columns}
    ), "driver_found" AS (
      SELECT ${columns} FROM "drivers"
      WHERE "user_id" IS NULL AND "full_name" = ${input.fullName} AND "phone" = ${input.phone}
        AND "license_no" IS NOT DISTINCT FROM CAST(${licenseNo} AS text)
        AND EXISTS (SELECT 1 FROM "driver_own") AND NOT EXISTS (SELECT 1 FROM "driver_same")
      LIMIT 1
    ), "driver_made" AS (
      INSERT INTO "drivers" ("id", "full_name", "phone", "license_no")
      SELECT ${randomUUID()}, ${input.fullName}, ${input.phone}, CAST(${licenseNo} AS text)
      WHERE ${when} AND EXISTS (SELECT 1 FROM "driver_own") AND NOT EXISTS (SELECT 1 FROM "driver_same")
        AND NOT EXISTS (SELECT 1 FROM "driver_found")
      RETURNING ${columns}
    ), "driver" AS (
      SELECT * FROM "driver_same" UNION ALL SELECT * FROM "driver_first"
      UNION ALL SELECT * FROM "driver_found" UNION ALL SELECT * FROM "driver_made"
    )`;
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
