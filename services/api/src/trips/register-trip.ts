/**
 * A driver pre-registers a trip. One active trip per vehicle (anti slot
 * hoarding) is checked inside the transaction and enforced again by the
 * database's partial unique index, which wins any race between two requests.
 */
import { randomBytes } from 'node:crypto';
import { isUniqueViolation, type PrismaClient } from '@borderflow/db';
import { declarationKey, type CreateTripRequest } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
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

/** 32 url-safe characters (24 random bytes): unguessable, fits a QR code comfortably. */
export function newQrToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Plates as the driver typed them (before normalisation), for display. */
export interface RawPlates {
  plate?: unknown;
  trailerPlate?: unknown;
}

/**
 * Registers a trip and returns its id.
 *
 * @example
 * const id = await registerTrip(db, principal, ZCreateTripRequestSchema.parse(body), body.vehicle);
 */
export async function registerTrip(
  db: PrismaClient,
  who: Principal,
  input: CreateTripRequest,
  raw: RawPlates = {},
): Promise<string> {
  // Two first-time registrations of the same new plate race on the vehicle row: the loser retries once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createOnce(db, who, input, raw);
    } catch (err) {
      if (isUniqueViolation(err, 'trips_one_active_per_vehicle')) throw activeTripConflict();
      if (attempt >= 2 || !isUniqueViolation(err)) throw err;
    }
  }
}

async function createOnce(db: PrismaClient, who: Principal, input: CreateTripRequest, raw: RawPlates): Promise<string> {
  return db.$transaction(async (tx) => {
    const gate = await tx.gate.findUnique({ where: { code: input.gateCode }, select: { id: true } });
    if (!gate) throw new AppError('VALIDATION_FAILED', `Unknown gate ${input.gateCode}`, 'gateCode');
    const user = await tx.user.findUnique({
      where: { id: who.id },
      select: { companyId: true, company: { select: { trusted: true } } },
    });
    if (!user) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
    const companyId = user.companyId;
    const truck = await vehicleFor(tx, input.vehicle.plate, displayOf(raw.plate), 'truck', companyId);
    await assertNoActiveTrip(tx, truck.id);
    const trailer = input.vehicle.trailerPlate
      ? await vehicleFor(tx, input.vehicle.trailerPlate, displayOf(raw.trailerPlate), 'trailer', companyId)
      : null;
    const driver = await driverFor(tx, who.id, input.driver);
    const plantOrAnimal = input.cargo.some((c) => c.plantOrAnimal === true);
    const route = await routeFor(tx, input.declarations.map(declarationKey), plantOrAnimal);
    const trip = await tx.trip.create({
      data: {
        gateId: gate.id,
        direction: input.direction,
        priorityClass: priorityClassFor({ cargo: input.cargo, companyTrusted: user.company?.trusted ?? false }),
        vehicleId: truck.id,
        trailerId: trailer?.id ?? null,
        driverId: driver.id,
        createdById: who.id,
        companyId,
        expectedArrival: new Date(input.expectedArrival),
        appointmentAt: input.appointmentAt ? new Date(input.appointmentAt) : null,
        channel: route.channel,
        channelCode: route.channelCode,
        stages: route.stages,
        qrToken: newQrToken(),
        cargo: { create: cargoRows(input.cargo) },
        containers: { create: containerRows(input.containers) },
        declarations: { create: declarationRows(input.declarations) },
      },
      select: { id: true },
    });
    // Decisions that arrived before the trip was registered now belong to it.
    if (input.declarations.length > 0) {
      await tx.agencyDecision.updateMany({
        where: { declarationKey: { in: input.declarations.map(declarationKey) }, tripId: null },
        data: { tripId: trip.id },
      });
    }
    return trip.id;
  });
}

function displayOf(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toUpperCase() : '';
}
