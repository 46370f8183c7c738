/**
 * Check-in at the staging yard: the operator (or plate camera) identifies the
 * truck by plate or by its QR pass; the trip enters the scheduler with its
 * route (from the latest customs decision and its cargo) and priority class.
 */
import { randomUUID } from 'node:crypto';
import {
  ACTIVE_TRIP_STATES,
  LIVE_TRIP_STATES,
  cargoNeedsQuarantine,
  type CheckInRequest,
  type PriorityClass,
  type TripState,
} from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import { inputHash } from '@borderflow/scheduler';
import { writingTrips } from '@borderflow/persist';
import { AppError } from '../app-error.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { runCommand } from '../scheduler-command.ts';
import { routeFor } from './trip-records.ts';
import { applyPendingHolds } from '../agency/apply-decision.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { priorityFor, type PerishableConfirmation, type PriorityDecision } from './priority-class.ts';
import { perishableConfirmation } from './perishable-confirmation.ts';
import { arrivalAtCheckIn, bookingAtCheckIn } from '../booking/arrival.ts';
import type { Request } from 'express';
import { REFUSALS } from '../http/refusal-words.ts';
import { TRIP_INCLUDE, type TripRow } from './trip-view.ts';

const CHECK_IN_INCLUDE = {
  gate: { select: { code: true } },
  vehicle: { select: { plate: true } },
  cargo: { select: { plantOrAnimal: true, hsCode: true } },
  company: { select: { trusted: true } },
  declarations: { select: { key: true } },
} satisfies Prisma.TripInclude;

/** What check-in reads and everything a trip's answer shows (TRIP_INCLUDE), in the one read. */
const CHECK_IN_ANSWER_INCLUDE = { ...TRIP_INCLUDE, company: CHECK_IN_INCLUDE.company } satisfies Prisma.TripInclude;

export interface CheckInOutcome {
  tripId: string;
  replayed: boolean;
  /**
   * The trip row as this check-in left it, when `withRow` was asked and the check-in wrote it
   * (built from the row read before and the values written, not read back); else undefined.
   */
  row?: TripRow;
}

async function findTrip(ctx: ApiContext, input: CheckInRequest, withRow: boolean) {
  const include = withRow ? CHECK_IN_ANSWER_INCLUDE : CHECK_IN_INCLUDE;
  if (input.qrToken !== undefined) {
    const trip = await ctx.db.trip.findUnique({ where: { qrToken: input.qrToken }, include });
    if (!trip) throw AppError.worded('NOT_FOUND', REFUSALS.noQrPass, 'qrToken');
    return { trip, field: 'qrToken' };
  }
  const trip = await ctx.db.trip.findFirst({
    where: { vehicle: { plate: input.plate }, state: { in: [...ACTIVE_TRIP_STATES] } },
    include,
  });
  if (!trip) throw AppError.worded('NOT_FOUND', REFUSALS.noTripForPlate(String(input.plate)), 'plate');
  return { trip, field: 'plate' };
}

/** Whose check-in the scheduler records (and scopes its command id by). */
const checkInActor = (who: Principal) => `user:${who.id}`;

/**
 * Whether `who` already checked a truck in with this command id (within the scheduler's 24 h of
 * answers): a camera's decision replayed after a crash finds its own check-in, not another's.
 *
 * @example
 * if (await checkedInWith(ctx, devicePrincipal(device), 'KT', messageId)) outcome = 'checked_in';
 */
export function checkedInWith(ctx: ApiContext, who: Principal, gate: string, commandId: string): Promise<boolean> {
  return schedulerOf(ctx, gate).answered(checkInActor(who), 'checkIn', commandId);
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
  req?: Request,
  /** Also answer the trip row as left (the check-in route shows it): one read instead of a read back. */
  options: { withRow?: boolean } = {},
): Promise<CheckInOutcome> {
  const scheduler = schedulerOf(ctx, gate);
  const { trip, field } = await findTrip(ctx, input, options.withRow === true);
  if (trip.gate.code !== gate) {
    throw AppError.worded('CONFLICT', REFUSALS.wrongGate(trip.gate.code, gate), field);
  }
  const state = trip.state as TripState;
  // A live trip goes to the scheduler anyway: a repeated commandId gets its first answer back.
  if (state !== 'registered' && !LIVE_TRIP_STATES.includes(state)) {
    throw AppError.worded('TRIP_WRONG_STATE', REFUSALS.cannotCheckIn(state), 'state');
  }
  // Three reads that do not depend on each other go out together: one database round trip (a loop
  // turn under load) before the scheduler, not three. A refusal is still the one the sequential
  // order gave (the route's, then the perishable confirmation's): each read is awaited in that order.
  const reads = [
    routeFor(ctx.db, trip.declarations.map((d) => d.key), cargoNeedsQuarantine(trip.cargo)),
    // The class is decided again here, at the gate, from facts only: a perishable HS heading confirmed
    // by quarantine or by this operator, or a trusted-trader company.
    perishableConfirmation(ctx.db, trip, input.confirmPerishable === true),
    bookingAtCheckIn(ctx, trip.id),
  ] as const;
  // Settled first, so a read that fails while an earlier one is awaited is never an unhandled rejection.
  await Promise.allSettled(reads);
  const route = await reads[0];
  const confirmedBy = await reads[1];
  const booking = await reads[2];
  const now = Date.now();
  // A booked slot is the only way to an appointment: on time it is, early is refused, late or none
  // is a walk-in (within the hour's share, lowest class) once the gate publishes a capacity plan.
  const { appointmentAt, walkIn } = await arrivalAtCheckIn(ctx, trip, gate, booking, now, req);
  const priority = priorityFor({ cargo: trip.cargo, companyTrusted: trip.company?.trusted ?? false, perishableConfirmedBy: confirmedBy, walkIn });
  // The row's begin goes out with the scheduler's check-in, not a round trip after its answer (a refused
  // check-in moves the version once more for nothing: its next read asks the database).
  const { result, written, moved, classWritten } = await writingTrips(ctx, async (mark) => {
    const [, result] = await Promise.all([
      mark([trip.id]),
      runCommand(ctx.metrics, 'checkIn', () =>
        scheduler.checkIn({
          tripId: trip.id,
          plate: trip.vehicle.plate,
          direction: trip.direction,
          priorityClass: priority.priorityClass,
          classSource: priority.classSource,
          stages: route.stages,
          // The driver's own appointmentAt never counts: only the platform's slot (booking/arrival.ts).
          appointmentAt,
          actor: checkInActor(who),
          commandId: input.commandId ?? randomUUID(),
          // The key stands for the request (the plate or pass), not for the stages derived since.
          inputHash: inputHash({ plate: input.plate, qrToken: input.qrToken }),
          now,
        }),
      ),
    ]);
    const placement = result.trip;
    // Read-your-writes: a correction right after check-in must be refused, so the
    // state leaves `registered` now; the persist consumer refines it from the events.
    const written = {
      state: placement?.state ?? 'queued',
      arrivedAt: new Date(now),
      stages: placement?.stages ?? route.stages,
      stageIndex: placement?.stageIndex ?? 0,
      laneCode: placement?.laneId ?? null,
      queueScore: placement?.score ?? null,
      deadline: placement?.deadline ?? null,
      channel: route.channel,
      channelCode: route.channelCode,
      // Stamped here (as Prisma would) so the answer built below carries the stored value.
      updatedAt: new Date(),
    };
    const moved = await ctx.db.trip.updateMany({ where: { id: trip.id, state: 'registered' }, data: written });
    const classWritten = await recordClass(ctx, who, gate, trip, priority, confirmedBy, result.replayed ? (placement?.priorityClass ?? null) : undefined);
    return { result, written, moved, classWritten };
  });
  // On a replay too: a process killed between the scheduler's check-in and this step left the trip
  // live without its hold, and the client's retry is what completes it. Each hold command has a
  // fixed id (decision + trip), so the scheduler applies it once however often this runs.
  await applyPendingHolds(ctx, scheduler, trip.id, trip.declarations.map((d) => d.key));
  // Only when this check-in's update is the row's last write of ours (no class written after it, not
  // a replay): otherwise the caller reads the row back.
  const row = options.withRow && moved.count === 1 && !classWritten && isAnswerRow(trip)
    ? { ...trip, ...written, state: written.state as TripRow['state'] }
    : undefined;
  return { tripId: trip.id, replayed: result.replayed, ...(row ? { row } : {}) };
}

function isAnswerRow(trip: object): trip is TripRow {
  return '_count' in trip;
}

/**
 * Stores the class the scheduler took and where it came from (whatever state the persist consumer
 * has projected meanwhile), with the operator's confirmation audited in the same transaction.
 * On a replay (`replayedClass` given) nothing new was decided: only a class the database missed
 * (a process killed between the scheduler and this step) is caught up, without a second audit.
 * True when it wrote the trip row.
 */
async function recordClass(
  ctx: ApiContext,
  who: Principal,
  gate: string,
  trip: { id: string; priorityClass: PriorityClass; classSource: string },
  priority: PriorityDecision,
  confirmedBy: PerishableConfirmation,
  replayedClass?: PriorityClass | null,
): Promise<boolean> {
  if (replayedClass !== undefined) {
    if (replayedClass === null || replayedClass === trip.priorityClass) return false;
    const classSource = replayedClass === priority.priorityClass ? priority.classSource : trip.classSource;
    await ctx.db.trip.update({ where: { id: trip.id }, data: { priorityClass: replayedClass, classSource } });
    return true;
  }
  if (confirmedBy !== 'operator') {
    // Most trucks: the class decided at registration stands, and nothing is written.
    if (trip.priorityClass === priority.priorityClass && trip.classSource === priority.classSource) return false;
    await ctx.db.trip.update({ where: { id: trip.id }, data: { ...priority } });
    return true;
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.trip.update({ where: { id: trip.id }, data: { ...priority } });
    await recordAudit(tx, {
      action: 'trip.class-confirm',
      actor: who,
      targetType: 'trip',
      targetId: trip.id,
      gateCode: gate,
      detail: { priorityClass: priority.priorityClass, classSource: priority.classSource, from: trip.priorityClass },
    });
  });
  return true;
}
