/**
 * An agency decision (customs channel, inspection modes, holds placed or
 * released) reaches the trips that carry its declaration. The decision is
 * stored first, in one transaction with its message id (the durable
 * deduplication: a redelivered message finds its id and changes nothing), then
 * each live trip's route and hold are changed in the scheduler.
 *
 * Ordering rules, per declaration and agency:
 *   - an older amendment never overrides a newer one: it is refused (409);
 *   - decisions of the same amendment are all recorded, and the route and the
 *     holds are recomputed from every recorded decision in the order the agency
 *     made them (decidedAt), so a late-arriving older decision changes nothing.
 * Trust (issue 10, decision-controls.ts): the agency must hold the power for
 * every part of the decision (contracts' agency power table); lowering a
 * declaration's channel needs a reason; the channel and every hold action are
 * audited in the decision's transaction.
 * In the scheduler (set-stages / set-hold scripts): a new channel changes only
 * the remaining stages, and a truck already called to or in a lane finishes its
 * current stage first; a hold keeps the truck out of the exit queue until the
 * last hold of every agency is released.
 */
import {
  ACTIVE_TRIP_STATES,
  LIVE_TRIP_STATES,
  cargoNeedsQuarantine,
  channelFromCode,
  declarationAmendment,
  declarationKey,
  type Agency,
  type AgencyDecisionRequest,
  type Channel,
  type DecisionStatus,
  type InspectionMode,
  type Stage,
  type TripState,
} from '@borderflow/contracts';
import { Prisma, isUniqueViolation } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import { writingTrips } from '@borderflow/persist';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import { runCommand } from '../scheduler-command.ts';
import type { Principal } from '../auth/jwt.ts';
import { assertOwnAgency, callerAgency } from './caller-agency.ts';
import { SCREENING_HOLD_ID } from './screening-hold.ts';
import { assertAgencyMay, assertLoweringReason, auditDecision, type DecisionFields, type DecisionSender } from './decision-controls.ts';
import {
  activeHolds,
  routeFromDecisions,
  routeOf,
  NEWEST_FIRST,
  ROUTE_ROW_SELECT,
  type StoredHold,
} from './decision-state.ts';
import { REFUSALS } from '../http/refusal-words.ts';

export type HoldOutcome = 'placed' | 'released' | 'recorded' | 'already_placed' | 'not_held' | 'still_held' | null;

/** A decision, whatever route it came by (internal API, JSON webhook, VNACCS, EDIFACT). */
export interface DecisionInput {
  declarationKey: string;
  amendment: number;
  /** The sender's own agency (from its account or its adapter's configuration, never from a body). */
  agency: Agency;
  /** Raw channel code ("3D"), or null when the decision assigns no channel (a quarantine hold). */
  channelCode: string | null;
  inspectionModes: InspectionMode[];
  holds: StoredHold[];
  status: DecisionStatus | null;
  /** When the agency decided (its clock). */
  decidedAt: Date;
  /** The sender's message id (deduplication); null for the internal route. */
  messageId: string | null;
  /** Why (required to lower a channel); audited. */
  reason: string | null;
  sender: DecisionSender;
  /** The request's names of the decision's parts, for error messages. */
  fields?: DecisionFields;
}

export interface DecisionOutcome {
  declarationKey: string;
  amendment: number;
  channel: Channel | null;
  channelCode: string | null;
  /** The message id was already applied: nothing changed. */
  duplicate: boolean;
  trips: Array<{ tripId: string; state: TripState; live: boolean; stages: Stage[]; hold: HoldOutcome }>;
}

/** Whether a scheduler refusal just means "nothing to do" for a hold action. */
function isNoop(err: unknown): boolean {
  return err instanceof AppError && err.code === 'TRIP_WRONG_STATE';
}

async function schedulerHold(
  ctx: ApiContext,
  scheduler: GateScheduler,
  tripId: string,
  action: 'place' | 'release',
  agency: string,
  reason: string,
  commandId: string,
): Promise<HoldOutcome> {
  // "<agency>: reason" lets stats attribute hold time to the agency that placed it.
  const meta = { tripId, actor: `agency:${agency}`, commandId, reason: `${agency}: ${reason}` };
  try {
    if (action === 'place') {
      await runCommand(ctx.metrics, 'placeHold', () => scheduler.placeHold(meta));
      return 'placed';
    }
    await runCommand(ctx.metrics, 'releaseHold', () => scheduler.releaseHold(meta));
    return 'released';
  } catch (err) {
    if (isNoop(err)) return action === 'place' ? 'already_placed' : 'not_held';
    throw err;
  }
}

/** Status-implied actions: `manual` keeps the truck at documents; `cancelled` holds it. */
function effectiveDecision(input: DecisionInput): { modes: InspectionMode[]; holds: StoredHold[]; routeRelevant: boolean } {
  const modes = [...input.inspectionModes];
  const holds = [...input.holds];
  if (input.status === 'manual' && !modes.includes('documents')) modes.push('documents');
  if (input.status === 'cancelled') {
    holds.push({ action: 'place', holdId: `cancelled-${input.declarationKey}`, reason: 'declaration cancelled' });
  }
  return { modes, holds, routeRelevant: input.channelCode !== null || modes.length > 0 };
}

/**
 * Records a decision and applies it to the trips carrying its declaration.
 *
 * @example
 * await applyDecision(ctx, { declarationKey: '30512345678', amendment: 0, agency: 'customs', channelCode: '3',
 *   inspectionModes: ['xray'], holds: [], status: 'channel_assigned', decidedAt: new Date(), messageId });
 */
export async function applyDecision(ctx: ApiContext, input: DecisionInput): Promise<DecisionOutcome> {
  const key = input.declarationKey;
  const channel = input.channelCode === null ? null : channelFromCode(input.channelCode);
  if (input.channelCode !== null && !channel) {
    throw AppError.worded('VALIDATION_FAILED', REFUSALS.notVnaccsChannel, 'channelCode');
  }
  assertAgencyMay(input, channel);
  const effective = effectiveDecision(input);
  const base = { declarationKey: key, amendment: input.amendment, channel, channelCode: input.channelCode };

  let stored;
  try {
    stored = await writingTrips(ctx, (markTrips) => ctx.db.$transaction(async (tx) => {
      // Every decision on this declaration (a handful): the duplicate check, the ordering check and,
      // for the usual one-declaration trip, the route, from one read.
      const history = await tx.agencyDecision.findMany({
        where: { declarationKey: key },
        orderBy: NEWEST_FIRST,
        select: { ...ROUTE_ROW_SELECT, messageId: true, amendment: true, decidedAt: true },
      });
      if (input.messageId && history.some((d) => d.messageId === input.messageId)) return null;
      const latest = history.find((d) => d.agency === input.agency);
      if (latest && input.amendment < latest.amendment) {
        throw AppError.worded('CONFLICT', REFUSALS.staleAmendment(input.amendment, key, latest.amendment), 'declarationNumber');
      }
      const previousChannel = history.find((d) => d.channel !== null)?.channel ?? null;
      assertLoweringReason(input, previousChannel, channel);
      // Customs deciding a declaration added after check-in lifts the screening hold it put on the truck.
      if (input.agency === 'customs' && channel !== null && (await activeHolds(tx, [key])).has(`customs:${SCREENING_HOLD_ID}`)) {
        effective.holds.push({ action: 'release', holdId: SCREENING_HOLD_ID, reason: 'customs decided the declaration' });
      }
      const trips = await tx.trip.findMany({
        where: { declarations: { some: { key } }, state: { in: [...ACTIVE_TRIP_STATES] } },
        select: {
          id: true,
          state: true,
          gate: { select: { code: true } },
          cargo: { select: { plantOrAnimal: true, hsCode: true } },
          declarations: { select: { key: true } },
        },
      });
      const data = {
        declarationKey: key,
        amendment: input.amendment,
        agency: input.agency,
        channel,
        channelCode: input.channelCode,
        inspectionModes: effective.modes,
        status: input.status,
        decidedAt: input.decidedAt,
        hold: effective.holds.length ? ({ holds: effective.holds } as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
      };
      // One row per trip it concerns (the message id on the first); a decision for a trip not yet registered is kept unattached.
      const rows = [];
      for (const [i, t] of (trips.length ? trips : [null]).entries()) {
        rows.push(await tx.agencyDecision.create({ data: { ...data, tripId: t?.id ?? null, messageId: i === 0 ? input.messageId : null } }));
      }
      const routes = [];
      await markTrips(trips.map((t) => t.id));
      // Newest first, as NEWEST_FIRST orders them (this decision first among equals: it arrived last).
      const withThis = [data, ...history].sort(
        (a, b) => b.amendment - a.amendment || (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0),
      );
      for (const t of trips) {
        const keys = [...new Set(t.declarations.map((d) => d.key))];
        const plant = cargoNeedsQuarantine(t.cargo);
        const route = keys.length === 1 ? routeOf(withThis, plant) : await routeFromDecisions(tx, keys, plant);
        routes.push({ trip: t, keys, route });
        await tx.trip.update({
          where: { id: t.id },
          // A live trip's stages are the scheduler's to change; the persist consumer copies them back.
          data: {
            channel: route.channel,
            channelCode: route.channelCode,
            ...(t.state === 'registered' ? { stages: route.stages } : {}),
            // Not in the scheduler yet: the row's hold flag says whether it will start held (check-in applies it).
            ...(t.state === 'registered' && effective.holds.length ? { hold: (await activeHolds(tx, keys)).size > 0 } : {}),
          },
        });
      }
      await auditDecision(tx, { ...input, holds: effective.holds }, previousChannel, channel, trips.map((t) => t.id));
      return { rows, routes };
    }));
  } catch (err) {
    // The same message delivered twice at once: the other request stored it.
    if (input.messageId && isUniqueViolation(err)) return { ...base, duplicate: true, trips: [] };
    throw err;
  }
  if (stored === null) return { ...base, duplicate: true, trips: [] };

  const outcome: DecisionOutcome = { ...base, duplicate: false, trips: [] };
  for (const [i, { trip: t, keys, route }] of stored.routes.entries()) {
    const scheduler = ctx.schedulers.get(t.gate.code);
    const live = LIVE_TRIP_STATES.includes(t.state as TripState) && scheduler !== undefined;
    const decisionId = stored.rows[i]!.id;
    let hold: HoldOutcome = effective.holds.length ? 'recorded' : null;
    if (live && scheduler) {
      if (effective.routeRelevant) {
        try {
          await runCommand(ctx.metrics, 'setStages', () =>
            scheduler.setStages({ tripId: t.id, stages: route.stages, actor: `agency:${input.agency}`, commandId: `ad-${decisionId}-route` }),
          );
        } catch (err) {
          // The trip left the scheduler meanwhile (crossed, turned back): the decision stays recorded.
          if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
        }
      }
      if (effective.holds.length) hold = await reconcileHold(ctx, scheduler, t.id, keys, input.agency, effective.holds, decisionId);
    }
    outcome.trips.push({ tripId: t.id, state: t.state as TripState, live, stages: route.stages, hold });
  }
  return outcome;
}

/**
 * This decision's holds, against every hold in force on the trip's declarations:
 * a placement still in force puts the hold on; a release lifts it only when no
 * hold of any agency remains.
 */
async function reconcileHold(
  ctx: ApiContext,
  scheduler: GateScheduler,
  tripId: string,
  keys: string[],
  agency: string,
  holds: StoredHold[],
  decisionId: string,
): Promise<HoldOutcome> {
  const active = await activeHolds(ctx.db, keys);
  const placed = holds.find((h) => h.action === 'place' && active.has(`${agency}:${h.holdId}`));
  if (placed) return schedulerHold(ctx, scheduler, tripId, 'place', agency, placed.reason, `ad-${decisionId}-hold`);
  const released = holds.find((h) => h.action === 'release');
  if (!released) return 'recorded';
  if (active.size > 0) return 'still_held';
  return schedulerHold(ctx, scheduler, tripId, 'release', agency, released.reason, `ad-${decisionId}-release`);
}

/**
 * The internal route's decision (POST /v1/internal/agency-decisions): a full
 * declaration number and at most one hold, decided now, as the caller's agency.
 *
 * @example
 * await applyAgencyDecision(ctx, principal, { declarationNumber: '305123456781', channelCode: '3' });
 */
export async function applyAgencyDecision(
  ctx: ApiContext,
  who: Principal,
  input: AgencyDecisionRequest,
  ip?: string,
): Promise<DecisionOutcome> {
  const agency = await callerAgency(ctx.db, who);
  assertOwnAgency(agency, input.agency, 'agency');
  const outcome = await applyDecision(ctx, {
    declarationKey: declarationKey(input.declarationNumber),
    amendment: declarationAmendment(input.declarationNumber),
    agency,
    channelCode: input.channelCode ?? null,
    inspectionModes: input.inspectionModes ?? [],
    holds: input.hold ? [{ ...input.hold, holdId: 'default' }] : [],
    status: null,
    decidedAt: new Date(),
    messageId: null,
    reason: input.reason ?? null,
    sender: { actor: who, name: who.username, ...(ip ? { ip } : {}) },
    fields: { channel: 'channelCode', holds: 'hold', inspectionModes: 'inspectionModes', reason: 'reason' },
  });
  return {
    ...outcome,
    // The internal route's answer has no 'still_held'.
    trips: outcome.trips.map((t) => ({ ...t, hold: t.hold === 'still_held' ? 'recorded' : t.hold })),
  };
}

/**
 * After check-in: holds in force on the trip's declarations (recorded while
 * it was only registered) are put on it in the scheduler.
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
  const active = [...(await activeHolds(ctx.db, keys)).values()];
  const first = active[0];
  if (!first) return;
  // One scheduler hold stands for all of them; its id is fixed (decision + trip), so a retried check-in applies it once.
  await schedulerHold(ctx, scheduler, tripId, 'place', first.agency, first.reason, `ad-${first.decisionId}-hold-${tripId}`);
}
