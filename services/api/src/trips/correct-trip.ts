/**
 * A driver fixes a typo without redoing the registration. Allowed only while
 * the trip is `registered` (before arrival) — except its declarations, which
 * may be added or swapped after check-in too, sending the trip back to
 * screening (declaration-swap.ts); every correction is kept as a TripRevision
 * with each changed field's value before and after.
 */
import { isUniqueViolation, type Prisma, type PrismaClient } from '@borderflow/db';
import { writingTrip, type TripVersionStore } from '@borderflow/persist';
import { cargoNeedsQuarantine, LIVE_TRIP_STATES, type CorrectTripRequest, type TripState } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { staleVersion } from '../http/etag.ts';
import { usableVehicle } from '../vehicles/vehicle-ownership.ts';
import type { Principal } from '../auth/jwt.ts';
import { canAccessTrip } from './trip-access.ts';
import { swapDeclarations } from './declaration-swap.ts';
import { correctableOf, TRIP_INCLUDE } from './trip-view.ts';
import { priorityFor } from './priority-class.ts';
import { assertDriverUnderCap } from './trip-caps.ts';
import {
  activeTripConflict,
  assertNoActiveTrip,
  cargoRows,
  containerRows,
  driverFor,
  routeFor,
} from './trip-records.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** `{ field: { from, to } }` as stored in TripRevision.changes. */
export type TripChanges = Record<string, { from: unknown; to: unknown }>;

type Correctable = ReturnType<typeof correctableOf>;

/** The requested values merged over the stored ones (absent = unchanged). */
function requestedOf(before: Correctable, input: CorrectTripRequest): Correctable {
  const iso = (v: string) => new Date(v).toISOString();
  return {
    vehicle: input.vehicle
      ? {
          plate: input.vehicle.plate,
          trailerPlate: input.vehicle.trailerPlate === undefined ? before.vehicle.trailerPlate : input.vehicle.trailerPlate,
        }
      : before.vehicle,
    driver: input.driver
      ? {
          fullName: input.driver.fullName,
          phone: input.driver.phone,
          licenseNo: input.driver.licenseNo ?? before.driver.licenseNo,
        }
      : before.driver,
    cargo: input.cargo
      ? input.cargo.map((c) => ({ ...c, perishable: c.perishable ?? false, plantOrAnimal: c.plantOrAnimal ?? false }))
      : before.cargo,
    containers: input.containers ?? before.containers,
    declarations: input.declarations ?? before.declarations,
    expectedArrival: input.expectedArrival ? iso(input.expectedArrival) : before.expectedArrival,
    appointmentAt:
      input.appointmentAt === undefined ? before.appointmentAt : input.appointmentAt === null ? null : iso(input.appointmentAt),
  };
}

/**
 * Per-field diff of two values in request shape; unchanged fields are left out.
 *
 * @example
 * diffTrip(before, after); // { vehicle: { from: { plate: '24C12345', … }, to: { plate: '24C12346', … } } }
 */
export function diffTrip(before: Correctable, after: Correctable): TripChanges {
  const changes: TripChanges = {};
  for (const key of Object.keys(before) as (keyof Correctable)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

function wrongState(state: string): AppError {
  return AppError.worded('TRIP_WRONG_STATE', REFUSALS.notCorrectable(state), 'state');
}

/**
 * Applies a correction; returns the changes recorded (empty when nothing changed).
 *
 * @example
 * await correctTrip(db, ctx, principal, tripId, { vehicle: { plate: '24C-123.46' }, reason: 'typo' });
 */
export async function correctTrip(
  db: PrismaClient,
  /** Where the trips' row versions are (the API context): the correction moves this trip's. */
  versions: TripVersionStore,
  who: Principal,
  tripId: string,
  input: CorrectTripRequest,
  /** The version (`updatedAt`) the client last read (If-Match): the correction applies only to it. */
  ifMatch?: Date,
  /** Runs in the correction's transaction when something changed (the movement notice's outbox entry). */
  inTransaction?: (tx: Prisma.TransactionClient, gateCode: string) => Promise<void>,
): Promise<TripChanges> {
  try {
    return await writingTrip(versions, tripId, () => db.$transaction(async (tx) => {
      const row = await tx.trip.findUnique({ where: { id: tripId }, include: TRIP_INCLUDE });
      if (!row || !canAccessTrip(who, row.createdById)) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
      if (ifMatch && row.updatedAt.getTime() !== ifMatch.getTime()) throw staleVersion();
      const live = LIVE_TRIP_STATES.includes(row.state as TripState);
      if (row.state !== 'registered' && !live) throw wrongState(row.state);
      const before = correctableOf(row);
      const after = requestedOf(before, input);
      const changes = diffTrip(before, after);
      if (Object.keys(changes).length === 0) return changes;
      // After check-in only the declarations may change (back to screening).
      if (live && Object.keys(changes).some((f) => f !== 'declarations')) throw wrongState(row.state);

      // Never empty: a correction of only containers/seals still updates the row (updateMany with no
      // data runs no UPDATE, counts 0 and would be mistaken for a lost race with a check-in).
      const data: Prisma.TripUncheckedUpdateManyInput = { updatedAt: new Date() };
      if (changes.driver) {
        // Another driver on the trip counts against that driver's cap (this trip excepted).
        const subject = { userId: row.createdById, companyId: row.companyId, driverPhone: after.driver.phone };
        await assertDriverUnderCap(tx, { ...subject, exceptTripId: row.id });
      }
      if (changes.vehicle) {
        const truck = await usableVehicle(tx, after.vehicle.plate, after.vehicle.plate, 'truck', row.companyId);
        if (truck.id !== row.vehicleId) await assertNoActiveTrip(tx, truck.id, row.id);
        data.vehicleId = truck.id;
        data.trailerId = after.vehicle.trailerPlate
          ? (await usableVehicle(tx, after.vehicle.trailerPlate, after.vehicle.trailerPlate, 'trailer', row.companyId)).id
          : null;
      }
      if (changes.driver) {
        data.driverId = (await driverFor(tx, who.id, { ...after.driver, licenseNo: after.driver.licenseNo ?? undefined })).id;
      }
      if (changes.expectedArrival) data.expectedArrival = new Date(after.expectedArrival);
      if (changes.appointmentAt) data.appointmentAt = after.appointmentAt ? new Date(after.appointmentAt) : null;
      if (changes.cargo) {
        const company = row.companyId
          ? await tx.company.findUnique({ where: { id: row.companyId }, select: { trusted: true } })
          : null;
        Object.assign(data, priorityFor({ cargo: after.cargo, companyTrusted: company?.trusted ?? false }));
      }
      if (changes.cargo || changes.declarations) {
        const keys = changes.declarations
          ? await swapDeclarations(tx, who, row, after.declarations)
          : row.declarations.map((d) => d.key);
        const route = await routeFor(tx, keys, cargoNeedsQuarantine(after.cargo));
        // A live trip's stages are the scheduler's: rescreenTrip changes them after this transaction.
        Object.assign(data, { channel: route.channel, channelCode: route.channelCode, ...(live ? {} : { stages: route.stages }) });
      }
      // Conditional on the state: a check-in racing this correction wins, and the correction is refused.
      const updated = await tx.trip.updateMany({
        where: { id: row.id, state: live ? { in: [...LIVE_TRIP_STATES] } : 'registered', ...(ifMatch ? { updatedAt: ifMatch } : {}) },
        data,
      });
      if (updated.count === 0) throw ifMatch ? staleVersion() : wrongState(live ? 'no longer live' : 'already checked in');
      if (changes.cargo) {
        await tx.cargoItem.deleteMany({ where: { tripId: row.id } });
        await tx.cargoItem.createMany({ data: cargoRows(after.cargo).map((c) => ({ ...c, tripId: row.id })) });
      }
      if (changes.containers) {
        await tx.container.deleteMany({ where: { tripId: row.id } });
        await tx.container.createMany({ data: containerRows(after.containers).map((c) => ({ ...c, tripId: row.id })) });
      }
      await tx.tripRevision.create({
        data: {
          tripId: row.id,
          changedById: who.id,
          changes: changes as Prisma.InputJsonValue,
          reason: input.reason ?? null,
        },
      });
      await inTransaction?.(tx, row.gate.code);
      return changes;
    }));
  } catch (err) {
    if (isUniqueViolation(err, 'trips_one_active_per_vehicle')) throw activeTripConflict();
    throw err;
  }
}
