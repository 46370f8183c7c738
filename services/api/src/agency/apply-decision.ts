/**
 * An agency decision (customs channel, inspection modes, a hold placed or
 * released) reaches the trips that carry its declaration. The decision is
 * stored first (it may arrive before the trip is registered), then each live
 * trip's route and hold are changed in the scheduler.
 */
import {
  ACTIVE_TRIP_STATES,
  LIVE_TRIP_STATES,
  channelFromCode,
  declarationAmendment,
  declarationKey,
  stagesFor,
  type AgencyDecisionRequest,
  type Channel,
  type Stage,
  type TripState,
} from '@borderflow/contracts';
import { Prisma } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import { runCommand } from '../scheduler-command.ts';

export type HoldOutcome = 'placed' | 'released' | 'recorded' | 'already_placed' | 'not_held' | null;

export interface DecisionOutcome {
  declarationKey: string;
  amendment: number;
  channel: Channel;
  channelCode: string;
  trips: Array<{ tripId: string; state: TripState; live: boolean; stages: Stage[]; hold: HoldOutcome }>;
}

/** Whether a scheduler refusal just means "nothing to do" for a hold action. */
function isNoop(err: unknown): boolean {
  return err instanceof AppError && err.code === 'TRIP_WRONG_STATE';
}

async function applyHold(
  ctx: ApiContext,
  scheduler: GateScheduler,
  tripId: string,
  hold: NonNullable<AgencyDecisionRequest['hold']>,
  agency: string,
  commandId: string,
): Promise<HoldOutcome> {
  // "<agency>: reason" lets stats attribute hold time to the agency that placed it.
  const meta = { tripId, actor: `agency:${agency}`, commandId, reason: `${agency}: ${hold.reason}` };
  try {
    if (hold.action === 'place') {
      await runCommand(ctx.metrics, 'placeHold', () => scheduler.placeHold(meta));
      return 'placed';
    }
    await runCommand(ctx.metrics, 'releaseHold', () => scheduler.releaseHold(meta));
    return 'released';
  } catch (err) {
    if (isNoop(err)) return hold.action === 'place' ? 'already_placed' : 'not_held';
    throw err;
  }
}

/**
 * @example
 * await applyAgencyDecision(ctx, { declarationNumber: '305123456781', channelCode: '3', agency: 'customs' });
 */
export async function applyAgencyDecision(ctx: ApiContext, input: AgencyDecisionRequest): Promise<DecisionOutcome> {
  const key = declarationKey(input.declarationNumber);
  const amendment = declarationAmendment(input.declarationNumber);
  const channel = channelFromCode(input.channelCode);
  if (!channel) throw new AppError('VALIDATION_FAILED', 'channelCode is not a VNACCS channel', 'channelCode');
  const inspectionModes = input.inspectionModes ?? [];

  const { rows, trips } = await ctx.db.$transaction(async (tx) => {
    const latest = await tx.agencyDecision.findFirst({ where: { declarationKey: key }, orderBy: { amendment: 'desc' } });
    if (latest && amendment < latest.amendment) {
      throw new AppError(
        'CONFLICT',
        `Amendment ${amendment} of declaration ${key} is older than the stored amendment ${latest.amendment}; ignored`,
        'declarationNumber',
      );
    }
    const trips = await tx.trip.findMany({
      where: { declarations: { some: { key } }, state: { in: [...ACTIVE_TRIP_STATES] } },
      include: { gate: { select: { code: true } }, cargo: { select: { plantOrAnimal: true } } },
    });
    const base = {
      declarationKey: key,
      amendment,
      agency: input.agency,
      channel,
      channelCode: input.channelCode,
      inspectionModes,
      hold: (input.hold ?? undefined) as Prisma.InputJsonValue | undefined,
    };
    // One row per trip it concerns; a decision for a trip not yet registered is kept unattached.
    const rows = trips.length
      ? await Promise.all(trips.map((t) => tx.agencyDecision.create({ data: { ...base, tripId: t.id } })))
      : [await tx.agencyDecision.create({ data: { ...base, tripId: null } })];
    for (const t of trips) {
      const stages = stagesFor({ channel, inspectionModes, plantOrAnimal: t.cargo.some((c) => c.plantOrAnimal) });
      await tx.trip.update({
        where: { id: t.id },
        // A live trip's stages are the scheduler's to change; the persist consumer copies them back.
        data: { channel, channelCode: input.channelCode, ...(t.state === 'registered' ? { stages } : {}) },
      });
    }
    return { rows, trips };
  });

  const outcome: DecisionOutcome = { declarationKey: key, amendment, channel, channelCode: input.channelCode, trips: [] };
  for (const [i, t] of trips.entries()) {
    const stages = stagesFor({ channel, inspectionModes, plantOrAnimal: t.cargo.some((c) => c.plantOrAnimal) });
    const scheduler = ctx.schedulers.get(t.gate.code);
    const live = LIVE_TRIP_STATES.includes(t.state as TripState) && scheduler !== undefined;
    let hold: HoldOutcome = input.hold ? 'recorded' : null;
    const decisionId = rows[i]?.id ?? rows[0]!.id;
    if (live && scheduler) {
      try {
        await runCommand(ctx.metrics, 'setStages', () =>
          scheduler.setStages({ tripId: t.id, stages, actor: `agency:${input.agency}`, commandId: `ad-${decisionId}-route` }),
        );
      } catch (err) {
        // The trip left the scheduler meanwhile (crossed, turned back): the decision stays recorded.
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      }
      if (input.hold) hold = await applyHold(ctx, scheduler, t.id, input.hold, input.agency, `ad-${decisionId}-hold`);
    }
    outcome.trips.push({ tripId: t.id, state: t.state as TripState, live, stages, hold });
  }
  return outcome;
}

/**
 * After check-in: holds placed before the truck arrived (recorded while the
 * trip was only registered) are put on it in the scheduler.
 *
 * @example
 * await applyPendingHolds(ctx, scheduler, tripId, ['30512345678']);
 */
export async function applyPendingHolds(
  ctx: ApiContext,
  scheduler: GateScheduler,
  tripId: string,
  keys: string[],
): Promise<void> {
  if (keys.length === 0) return;
  const decisions = await ctx.db.agencyDecision.findMany({
    where: { declarationKey: { in: keys }, hold: { not: Prisma.DbNull } },
    orderBy: { receivedAt: 'asc' },
    select: { id: true, agency: true, hold: true },
  });
  const last = new Map<string, { id: string; action: string; reason: string }>();
  for (const d of decisions) {
    const hold = d.hold as { action?: string; reason?: string } | null;
    if (hold?.action) last.set(d.agency, { id: d.id, action: hold.action, reason: hold.reason ?? '' });
  }
  for (const [agency, h] of last) {
    if (h.action !== 'place') continue;
    await applyHold(ctx, scheduler, tripId, { action: 'place', reason: h.reason }, agency, `ad-${h.id}-hold-${tripId}`);
  }
}
