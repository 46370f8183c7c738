/**
 * What the owner of a vehicle and an administrator may do with it: let another
 * company use it, take that back, or (administrator) settle a disputed plate by
 * reassigning it. Each change and its audit entry are one transaction.
 */
import type { PrismaClient } from '@borderflow/db';
import type { VehicleView } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const VEHICLE_SELECT = {
  id: true,
  plate: true,
  plateDisplay: true,
  kind: true,
  companyId: true,
  company: { select: { taxCode: true } },
  authorisations: { where: { revokedAt: null }, select: { company: { select: { taxCode: true } } } },
} as const;

async function vehicleOf(tx: Tx, plate: string) {
  const vehicle = await tx.vehicle.findUnique({ where: { plate }, select: VEHICLE_SELECT });
  if (!vehicle) throw AppError.worded('NOT_FOUND', REFUSALS.noVehicle(plate), 'plate');
  return vehicle;
}

type VehicleRow = Awaited<ReturnType<typeof vehicleOf>>;

function viewOf(v: VehicleRow): VehicleView {
  return {
    plate: v.plate,
    plateDisplay: v.plateDisplay,
    kind: v.kind,
    ownerTaxCode: v.company?.taxCode ?? null,
    authorised: v.authorisations.map((a) => a.company.taxCode).sort(),
  };
}

async function companyByTaxCode(tx: Tx, taxCode: string): Promise<{ id: string; taxCode: string }> {
  const company = await tx.company.findUnique({ where: { taxCode }, select: { id: true, taxCode: true } });
  if (!company) throw AppError.worded('NOT_FOUND', REFUSALS.noCompany(taxCode), 'companyTaxCode');
  return company;
}

async function callerCompanyId(tx: Tx, who: Principal): Promise<string | null> {
  const user = await tx.user.findUnique({ where: { id: who.id }, select: { companyId: true } });
  if (!user) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountGone);
  return user.companyId;
}

/** Staff read any vehicle; a driver only their company's, or one their company may use (else 404: no probing). */
export async function readVehicle(db: PrismaClient, who: Principal, plate: string): Promise<VehicleView> {
  return db.$transaction(async (tx) => {
    const vehicle = await vehicleOf(tx, plate);
    if (who.role === 'driver') {
      const companyId = await callerCompanyId(tx, who);
      const allowed = new Set([vehicle.companyId, ...(await tx.vehicleAuthorisation.findMany({
        where: { vehicleId: vehicle.id, revokedAt: null }, select: { companyId: true },
      })).map((a) => a.companyId)]);
      if (companyId === null || !allowed.has(companyId)) {
        throw AppError.worded('NOT_FOUND', REFUSALS.noVehicle(plate), 'plate');
      }
    }
    return viewOf(vehicle);
  });
}

/** The caller may manage the vehicle's authorisations: an administrator, or a user of the owning company. */
async function assertOwnerSide(tx: Tx, who: Principal, vehicle: VehicleRow): Promise<void> {
  if (who.role === 'admin') return;
  const companyId = await callerCompanyId(tx, who);
  if (companyId === null || vehicle.companyId !== companyId) {
    throw AppError.worded('FORBIDDEN', REFUSALS.onlyOwnerAuthorises, 'plate');
  }
}

/**
 * The owner lets the company with `taxCode` use the vehicle (idempotent); audited as `vehicle.authorise`.
 *
 * @example
 * await authoriseVehicle(db, principal, '24C12345', '5300987650', req.ip);
 */
export async function authoriseVehicle(db: PrismaClient, who: Principal, plate: string, taxCode: string, ip?: string): Promise<VehicleView> {
  return db.$transaction(async (tx) => {
    const vehicle = await vehicleOf(tx, plate);
    await assertOwnerSide(tx, who, vehicle);
    const grantee = await companyByTaxCode(tx, taxCode);
    if (grantee.id === vehicle.companyId) {
      throw AppError.worded('CONFLICT', REFUSALS.alreadyOwns, 'companyTaxCode');
    }
    await tx.vehicleAuthorisation.upsert({
      where: { vehicleId_companyId: { vehicleId: vehicle.id, companyId: grantee.id } },
      create: { vehicleId: vehicle.id, companyId: grantee.id, grantedById: who.id },
      update: { revokedAt: null, grantedById: who.id, grantedAt: new Date() },
    });
    await recordAudit(tx, {
      action: 'vehicle.authorise', actor: who, targetType: 'vehicle', targetId: vehicle.id, ip,
      detail: { plate: vehicle.plate, grantee: grantee.taxCode, granted: true },
    });
    return viewOf(await vehicleOf(tx, plate));
  });
}

/**
 * The owner takes an authorisation back (trips already registered keep the vehicle); audited as
 * `vehicle.authorise` with `granted: false`.
 */
export async function revokeVehicle(db: PrismaClient, who: Principal, plate: string, taxCode: string, ip?: string): Promise<VehicleView> {
  return db.$transaction(async (tx) => {
    const vehicle = await vehicleOf(tx, plate);
    await assertOwnerSide(tx, who, vehicle);
    const grantee = await companyByTaxCode(tx, taxCode);
    const revoked = await tx.vehicleAuthorisation.updateMany({
      where: { vehicleId: vehicle.id, companyId: grantee.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) {
      throw AppError.worded('NOT_FOUND', REFUSALS.notAuthorisedCompany, 'taxCode');
    }
    await recordAudit(tx, {
      action: 'vehicle.authorise', actor: who, targetType: 'vehicle', targetId: vehicle.id, ip,
      detail: { plate: vehicle.plate, grantee: grantee.taxCode, granted: false },
    });
    return viewOf(await vehicleOf(tx, plate));
  });
}

/**
 * An administrator settles a disputed plate: the vehicle now belongs to the company with
 * `taxCode`; the previous owner's authorisations lapse (the new owner did not give them).
 * Audited as `vehicle.dispute-resolve` with the reason and both owners.
 */
export async function resolveVehicleDispute(
  db: PrismaClient,
  who: Principal,
  plate: string,
  input: { companyTaxCode: string; reason: string },
  ip?: string,
): Promise<VehicleView> {
  return db.$transaction(async (tx) => {
    const vehicle = await vehicleOf(tx, plate);
    const owner = await companyByTaxCode(tx, input.companyTaxCode);
    await tx.vehicle.update({ where: { id: vehicle.id }, data: { companyId: owner.id } });
    const lapsed = await tx.vehicleAuthorisation.updateMany({
      where: { vehicleId: vehicle.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      action: 'vehicle.dispute-resolve', actor: who, targetType: 'vehicle', targetId: vehicle.id, ip,
      reason: input.reason,
      detail: { plate: vehicle.plate, from: vehicle.company?.taxCode ?? null, to: owner.taxCode, lapsedAuthorisations: lapsed.count },
    });
    return viewOf(await vehicleOf(tx, plate));
  });
}
