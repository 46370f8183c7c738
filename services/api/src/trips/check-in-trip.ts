/**
 * Check-in at the staging yard: the operator (or plate camera) identifies the
 * truck by plate or by its QR pass; the trip enters the scheduler with its
 * route (from the latest customs decision and its cargo) and priority class.
 */
import { randomUUID } from 'node:crypto';
import { ACTIVE_TRIP_STATES, LIVE_TRIP_STATES, type CheckInRequest, type TripState } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import { AppError } from '../app-error.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { runCommand } from '../scheduler-command.ts';
import { routeFor } from './trip-records.ts';
import { applyPendingHolds } from '../agency/apply-decision.ts';

const CHECK_IN_INCLUDE = {
  gate: { select: { code: true } },
  vehicle: { select: { plate: true } },
  cargo: { select: { plantOrAnimal: true } },
  declarations: { select: { key: true } },
} satisfies Prisma.TripInclude;

export interface CheckInOutcome {
  tripId: string;
  replayed: boolean;
}

async function findTrip(ctx: ApiContext, input: CheckInRequest) {
  if (input.qrToken !== undefined) {
    const trip = await ctx.db.trip.findUnique({ where: { qrToken: input.qrToken }, include: CHECK_IN_INCLUDE });
    if (!trip) throw new AppError('NOT_FOUND', 'No trip has this QR pass', 'qrToken');
    return { trip, field: 'qrToken' };
  }
  const trip = await ctx.db.trip.findFirst({
    where: { vehicle: { plate: input.plate }, state: { in: [...ACTIVE_TRIP_STATES] } },
    include: CHECK_IN_INCLUDE,
  });
  if (!trip) throw new AppError('NOT_FOUND', `No registered trip for plate ${input.plate}`, 'plate');
  return { trip, field: 'plate' };
}

/**
 * @example
 * const { tripId } = await checkInTrip(ctx, principal, 'KT', { qrToken });
 */
export async function checkInTrip(
  ctx: ApiContext,
  who: Principal,
  gate: string,
  input: CheckInRequest,
): Promise<CheckInOutcome> {
  const scheduler = schedulerOf(ctx, gate);
  const { trip, field } = await findTrip(ctx, input);
  if (trip.gate.code !== gate) {
    throw new AppError('CONFLICT', `This trip is registered for gate ${trip.gate.code}, not ${gate}`, field);
  }
  const state = trip.state as TripState;
  // A live trip goes to the scheduler anyway: a repeated commandId gets its first answer back.
  if (state !== 'registered' && !LIVE_TRIP_STATES.includes(state)) {
    throw new AppError('TRIP_WRONG_STATE', `This trip cannot check in: it is ${state}`, 'state');
  }
  const route = await routeFor(
    ctx.db,
    trip.declarations.map((d) => d.key),
    trip.cargo.some((c) => c.plantOrAnimal),
  );
  const now = Date.now();
  const result = await runCommand(ctx.metrics, 'checkIn', () =>
    scheduler.checkIn({
      tripId: trip.id,
      plate: trip.vehicle.plate,
      direction: trip.direction,
      priorityClass: trip.priorityClass,
      stages: route.stages,
      appointmentAt: trip.appointmentAt?.getTime() ?? null,
      actor: `user:${who.id}`,
      commandId: input.commandId ?? randomUUID(),
      now,
    }),
  );
  const placement = result.trip;
  // Read-your-writes: a correction right after check-in must be refused, so the
  // state leaves `registered` now; the persist consumer refines it from the events.
  await ctx.db.trip.updateMany({
    where: { id: trip.id, state: 'registered' },
    data: {
      state: placement?.state ?? 'queued',
      arrivedAt: new Date(now),
      stages: placement?.stages ?? route.stages,
      stageIndex: placement?.stageIndex ?? 0,
      laneCode: placement?.laneId ?? null,
      queueScore: placement?.score ?? null,
      deadline: placement?.deadline ?? null,
      channel: route.channel,
      channelCode: route.channelCode,
    },
  });
  // On a replay too: a process killed between the scheduler's check-in and this step left the trip
  // live without its hold, and the client's retry is what completes it. Each hold command has a
  // fixed id (decision + trip), so the scheduler applies it once however often this runs.
  await applyPendingHolds(ctx, scheduler, trip.id, trip.declarations.map((d) => d.key));
  return { tripId: trip.id, replayed: result.replayed };
}
