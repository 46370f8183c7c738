/**
 * What a weighing becomes at the gate (issue 17). The weighbridge stands inside the yard entrance,
 * past the camera that checked the truck in, so a weighing is matched (exact plate, normalised) to one
 * trip the scheduler holds at this gate. It is stored against that trip; over the legal gross limit for
 * its axles (contracts' grossLimitKg, Circular 46/2015/TT-BGTVT) it places the scheduler's hold, the
 * same hold a lane's `held` outcome places: the truck cannot reach the exit queue until an operator
 * releases it (release-hold) or an agency does. A weighing no trip matches changes nothing.
 */
import { LIVE_TRIP_STATES, grossLimitKg, normalisePlate, type AxleCombination, type Weighing } from '@borderflow/contracts';
import { inputHash } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import type { DeviceRow } from '../auth/device-keys.ts';
import { runCommand } from '../scheduler-command.ts';
import type { ReadDecision } from './plate-reads.ts';

export interface WeighbridgeReading {
  eventId: string;
  capturedAt: string;
  plate: string;
  grossKg: number;
  axles: number;
  combination: AxleCombination;
}

/** The hold's reason names the weighbridge first, as agencies' holds name their agency ("<who>: why"). */
export const WEIGHBRIDGE_HOLD_PREFIX = 'weighbridge';

export function overweightReason(w: Pick<WeighbridgeReading, 'grossKg' | 'axles' | 'combination'>, limitKg: number): string {
  return `${WEIGHBRIDGE_HOLD_PREFIX}: ${w.grossKg} kg over the ${limitKg} kg limit for ${w.axles} axles (${w.combination})`;
}

/**
 * @example
 * const { outcome } = await handleWeighing(ctx, device, reading, messageId); // 'overweight_hold'
 */
export async function handleWeighing(ctx: ApiContext, device: DeviceRow, reading: WeighbridgeReading, messageId: string): Promise<ReadDecision> {
  const gate = device.gateCode;
  const wanted = normalisePlate(reading.plate);
  const live = await ctx.db.trip.findMany({
    where: { gate: { code: gate }, state: { in: [...LIVE_TRIP_STATES] } },
    select: { id: true, vehicle: { select: { plate: true } } },
  });
  const matches = live.filter((t) => normalisePlate(t.vehicle.plate) === wanted);
  // A scale never guesses: no trip, or two, and the weighing stays in the raw log only.
  if (matches.length !== 1) return { outcome: 'unmatched', tripId: null, confirmationId: null };
  const trip = matches[0]!;
  const limitKg = grossLimitKg(reading.axles, reading.combination);
  const overweight = reading.grossKg > limitKg;
  await ctx.db.weighing.create({
    data: {
      gateCode: gate, deviceId: device.id, messageId, tripId: trip.id, plate: trip.vehicle.plate,
      grossKg: reading.grossKg, axles: reading.axles, combination: reading.combination, limitKg, overweight,
    },
  });
  // Marks the trip as weighed, so a read of any other trip (nearly all) does not look for a weighing.
  await ctx.redis.set(weighedKey(ctx, gate, trip.id), '1', 'EX', WEIGHED_MARK_S);
  if (!overweight) return { outcome: 'weighed', tripId: trip.id, confirmationId: null };
  const reason = overweightReason(reading, limitKg);
  try {
    await runCommand(ctx.metrics, 'placeHold', () =>
      schedulerOf(ctx, gate).placeHold({ tripId: trip.id, actor: `device:${device.id}`, commandId: messageId, inputHash: inputHash({ tripId: trip.id, messageId }), reason }));
  } catch (err) {
    // Already on hold (an agency's, or an earlier weighing's): the truck is stopped either way.
    if (!(err instanceof AppError && err.code === 'TRIP_WRONG_STATE')) throw err;
  }
  ctx.logger.warn({ gate, tripId: trip.id, grossKg: reading.grossKg, limitKg }, 'overweight truck held');
  return { outcome: 'overweight_hold', tripId: trip.id, confirmationId: null };
}

/** A trip's weighings are shown on its page for as long as a trip stays current. */
const WEIGHED_MARK_S = 30 * 24 * 3600;
const weighedKey = (ctx: ApiContext, gate: string, tripId: string) => `${ctx.prefix}{g:${gate}}:weighed:${tripId}`;

type WeighingRow = { id: string; tripId: string; plate: string; grossKg: number; axles: number; combination: string; limitKg: number; overweight: boolean; weighedAt: Date };

export function weighingView(w: WeighingRow, holdOpen: boolean): Weighing {
  return {
    id: w.id, tripId: w.tripId, plate: w.plate, grossKg: w.grossKg, axles: w.axles, combination: w.combination as AxleCombination,
    limitKg: w.limitKg, overweight: w.overweight, holdOpen, weighedAt: w.weighedAt.toISOString(),
  };
}

/**
 * The overweight trucks of a gate (weighed in the last day) still on hold: what the board lists with
 * their reason, oldest first.
 *
 * @example
 * const held = await heldOverweight(ctx, 'KT');
 */
export async function heldOverweight(ctx: ApiContext, gate: string): Promise<Weighing[]> {
  const rows = await ctx.db.weighing.findMany({
    where: { gateCode: gate, overweight: true, weighedAt: { gte: new Date(Date.now() - 24 * 3600_000) } },
    orderBy: { weighedAt: 'asc' },
    take: 200,
  });
  // The newest weighing of each trip speaks for it (a truck unloaded and weighed again).
  const latest = new Map<string, WeighingRow>();
  for (const r of rows) latest.set(r.tripId, r);
  const scheduler = schedulerOf(ctx, gate);
  const out: Weighing[] = [];
  for (const r of latest.values()) {
    // The scheduler's hold flag is the truth: released by an operator or an agency, the truck leaves the list.
    if ((await scheduler.tripStatus(r.tripId))?.trip.hold) out.push(weighingView(r, true));
  }
  return out;
}

/**
 * A trip's latest weighing, for its own page: `holdOpen` while an overweight truck is still held.
 *
 * @example
 * const weighing = await latestWeighing(ctx, 'KT', tripId, true);
 */
export async function latestWeighing(ctx: ApiContext, gate: string, tripId: string, live: boolean): Promise<Weighing | null> {
  // The read of a waiting truck stays one SQL statement: only a trip the weighbridge weighed is looked up.
  // (The mark is display-only: the weighings and holds themselves are in PostgreSQL and the scheduler.)
  if (!(await ctx.redis.exists(weighedKey(ctx, gate, tripId)))) return null;
  const row = await ctx.db.weighing.findFirst({ where: { tripId }, orderBy: { weighedAt: 'desc' } });
  if (!row) return null;
  const held = row.overweight && live && Boolean((await ctx.schedulers.get(row.gateCode)?.tripStatus(tripId))?.trip.hold);
  return weighingView(row, held);
}
