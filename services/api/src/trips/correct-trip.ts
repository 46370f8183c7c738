/**
 * A driver fixes a typo without redoing the registration. Allowed only while
 * the trip is `registered` (before arrival); every correction is kept as a
 * TripRevision with each changed field's value before and after.
 */
import { isUniqueViolation, type Prisma, type PrismaClient } from '@borderflow/db';
import { declarationKey, type CorrectTripRequest } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { canAccessTrip } from './trip-access.ts';
import { TRIP_INCLUDE, type TripRow } from './trip-view.ts';
import { priorityClassFor } from './priority-class.ts';
import {
  activeTripConflict,
  assertNoActiveTrip,
  cargoRows,
  containerRows,
  declarationRows,
  driverFor,
  routeFor,
  vehicleFor,
} from './trip-records.ts';

/** `{ field: { from, to } }` as stored in TripRevision.changes. */
export type TripChanges = Record<string, { from: unknown; to: unknown }>;

/** The correctable fields of a stored trip, in request shape (normalised). */
function correctableOf(row: TripRow) {
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
    declarations: row.declarations.map((d) => d.number),
    expectedArrival: row.expectedArrival.toISOString(),
    appointmentAt: row.appointmentAt?.toISOString() ?? null,
  };
}

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
  return new AppError(
    'TRIP_WRONG_STATE',
    `A trip can be corrected only before arrival (state registered); this one is ${state}`,
    'state',
  );
}

/**
 * Applies a correction; returns the changes recorded (empty when nothing changed).
 *
 * @example
 * await correctTrip(db, principal, tripId, { vehicle: { plate: '24C-123.46' }, reason: 'typo' });
 */
export async function correctTrip(
  db: PrismaClient,
  who: Principal,
  tripId: string,
  input: CorrectTripRequest,
): Promise<TripChanges> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.trip.findUnique({ where: { id: tripId }, include: TRIP_INCLUDE });
      if (!row || !canAccessTrip(who, row.createdById)) throw new AppError('NOT_FOUND', 'Trip not found', 'tripId');
      if (row.state !== 'registered') throw wrongState(row.state);
      const before = correctableOf(row);
      const after = requestedOf(before, input);
      const changes = diffTrip(before, after);
      if (Object.keys(changes).length === 0) return changes;

      // Never empty: a correction of only containers/seals still updates the row (updateMany with no
      // data runs no UPDATE, counts 0 and would be mistaken for a lost race with a check-in).
      const data: Prisma.TripUncheckedUpdateManyInput = { updatedAt: new Date() };
      if (changes.vehicle) {
        const truck = await vehicleFor(tx, after.vehicle.plate, after.vehicle.plate, 'truck', row.companyId);
        if (truck.id !== row.vehicleId) await assertNoActiveTrip(tx, truck.id, row.id);
        data.vehicleId = truck.id;
        data.trailerId = after.vehicle.trailerPlate
          ? (await vehicleFor(tx, after.vehicle.trailerPlate, after.vehicle.trailerPlate, 'trailer', row.companyId)).id
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
        data.priorityClass = priorityClassFor({ cargo: after.cargo, companyTrusted: company?.trusted ?? false });
      }
      if (changes.cargo || changes.declarations) {
        const route = await routeFor(
          tx,
          after.declarations.map(declarationKey),
          after.cargo.some((c) => c.plantOrAnimal),
        );
        Object.assign(data, { channel: route.channel, channelCode: route.channelCode, stages: route.stages });
      }
      // Conditional on the state: a check-in racing this correction wins, and the correction is refused.
      const updated = await tx.trip.updateMany({ where: { id: row.id, state: 'registered' }, data });
      if (updated.count === 0) throw wrongState('already checked in');
      if (changes.cargo) {
        await tx.cargoItem.deleteMany({ where: { tripId: row.id } });
        await tx.cargoItem.createMany({ data: cargoRows(after.cargo).map((c) => ({ ...c, tripId: row.id })) });
      }
      if (changes.containers) {
        await tx.container.deleteMany({ where: { tripId: row.id } });
        await tx.container.createMany({ data: containerRows(after.containers).map((c) => ({ ...c, tripId: row.id })) });
      }
      if (changes.declarations) {
        await tx.declaration.deleteMany({ where: { tripId: row.id } });
        await tx.declaration.createMany({
          data: declarationRows(after.declarations).map((d) => ({ ...d, tripId: row.id })),
        });
      }
      await tx.tripRevision.create({
        data: {
          tripId: row.id,
          changedById: who.id,
          changes: changes as Prisma.InputJsonValue,
          reason: input.reason ?? null,
        },
      });
      return changes;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'trips_one_active_per_vehicle')) throw activeTripConflict();
    throw err;
  }
}
