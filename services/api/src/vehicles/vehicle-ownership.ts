/**
 * Vehicles belong to companies (issue 10). The first company to register a plate
 * owns it; another company may use it only while the owner authorises it, so a
 * stranger can no longer put someone else's truck on a trip (and block its owner
 * with "one active trip per vehicle"). An administrator resolves disputes.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '@borderflow/db';
import { plateCountry } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type Tx = Prisma.TransactionClient;

/** The request field a plate came from, so a refusal names it. */
export function plateField(kind: 'truck' | 'trailer'): string {
  return kind === 'truck' ? 'vehicle.plate' : 'vehicle.trailerPlate';
}

/**
 * The vehicle row of a normalised plate that `companyId` may use: created (owned by
 * `companyId`) on first use, claimed when it had no owner yet, else allowed only for the
 * owner or an authorised company. Otherwise 403 naming the plate's field. `created`: the row is
 * new (so the vehicle has no trips yet).
 *
 * A caller without a company may use only vehicles nobody owns (and claims none).
 *
 * @example
 * const truck = await usableVehicle(tx, '24C12345', '24C-123.45', 'truck', companyId);
 */
export async function usableVehicle(
  tx: Tx,
  plate: string,
  display: string,
  kind: 'truck' | 'trailer',
  companyId: string | null,
): Promise<{ id: string; created: boolean }> {
  const [row] = await tx.$queryRaw<UpsertedVehicle[]>(vehicleUpsert(plate, display, kind, Prisma.sql`${companyId}`));
  return usableFrom(tx, row!, kind, companyId);
}

/** The vehicle row as `vehicleUpsert` returns it. */
export interface UpsertedVehicle {
  id: string;
  company_id: string | null;
  created: boolean;
}

/**
 * The statement that finds or creates the plate's vehicle, for `usableVehicle` or as a step of a
 * larger statement (registration: `company` a column of its facts, `from` its FROM … WHERE).
 * One statement whether the plate is new or known. DO UPDATE (not DO NOTHING) so that of two
 * companies racing on a new plate, the second waits for the first's commit and gets its row
 * back (and is refused by `usableFrom`); it also holds the row until the transaction ends.
 * `xmax = 0` only on a freshly inserted row: a new vehicle has no trips to look up.
 *
 * @example
 * await tx.$queryRaw(vehicleUpsert('24C12345', '24C-123.45', 'truck', Prisma.sql`${companyId}`));
 */
export function vehicleUpsert(
  plate: string,
  display: string,
  kind: 'truck' | 'trailer',
  company: Prisma.Sql,
  from: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const country = plateCountry(plate) ?? 'VN';
  return Prisma.sql`
    INSERT INTO "vehicles" ("id", "plate", "plate_display", "kind", "country", "company_id")
    SELECT ${randomUUID()}, ${plate}, ${display || plate}, CAST(${kind} AS "vehicle_kind"), CAST(${country} AS "country"), CAST(${company} AS text)
    ${from}
    ON CONFLICT ("plate") DO UPDATE SET "plate" = EXCLUDED."plate"
    RETURNING "id", "company_id", (xmax = 0) AS "created"`;
}

/**
 * The upserted vehicle if `companyId` may use it: it is theirs (or unowned, for a caller without a
 * company), claimed when it had no owner yet, or its owner authorises them; else 403 naming the
 * plate's field.
 */
export async function usableFrom(
  tx: Tx,
  row: UpsertedVehicle,
  kind: 'truck' | 'trailer',
  companyId: string | null,
): Promise<{ id: string; created: boolean }> {
  const vehicle = { id: row.id, companyId: row.company_id, created: row.created };
  if (vehicle.companyId === companyId) return { id: vehicle.id, created: vehicle.created };
  if (vehicle.companyId === null) {
    if (companyId === null) return { id: vehicle.id, created: false };
    // Conditional claim: of two companies claiming an unowned plate at once, one wins.
    const claimed = await tx.vehicle.updateMany({ where: { id: vehicle.id, companyId: null }, data: { companyId } });
    if (claimed.count === 1) return { id: vehicle.id, created: false };
    const now = await tx.vehicle.findUniqueOrThrow({ where: { id: vehicle.id }, select: { companyId: true } });
    if (now.companyId === companyId) return { id: vehicle.id, created: false };
  }
  if (companyId !== null && (await isAuthorised(tx, vehicle.id, companyId))) return { id: vehicle.id, created: false };
  throw notYourVehicle(kind);
}

/** Whether the owner currently authorises `companyId` to use the vehicle. */
export async function isAuthorised(tx: Tx, vehicleId: string, companyId: string): Promise<boolean> {
  const grant = await tx.vehicleAuthorisation.findUnique({
    where: { vehicleId_companyId: { vehicleId, companyId } },
    select: { revokedAt: true },
  });
  return grant !== null && grant.revokedAt === null;
}

/** 403 naming the plate's field: the vehicle belongs to another company that has not authorised the caller's. */
export function notYourVehicle(kind: 'truck' | 'trailer'): AppError {
  return AppError.worded('FORBIDDEN', REFUSALS.vehicleOfOther(kind), plateField(kind));
}
