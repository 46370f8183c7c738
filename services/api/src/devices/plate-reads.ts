/**
 * What a plate read becomes at the gate.
 *
 * At the yard entrance: a confident read that matches exactly one expected trip, and nothing else
 * within one edit, checks that trip in (the same checkInTrip an operator uses). Anything less (a low
 * confidence, a misread, two trips that could match, no match) goes to the operators' confirmation
 * queue with its candidates: a camera never checks in the wrong truck, a person decides.
 *
 * At a lane: a read of the called truck records its arrival at the lane (the scheduler's arriveAtLane);
 * any other truck raises a wrong-truck alert and nothing else happens (no arrival, no inspection).
 */
import { ACTIVE_TRIP_STATES, normalisePlate, plateDistance, suggestPlates, type DeviceOutcome, type PlateCandidateTrip } from '@borderflow/contracts';
import { inputHash } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import type { DeviceRow } from '../auth/device-keys.ts';
import { checkInTrip, checkedInWith } from '../trips/check-in-trip.ts';
import { runCommand } from '../scheduler-command.ts';
import { raiseAlert } from './device-health.ts';
import { dropTripPlate, platesNear, STILL_AT_ENTRANCE_MS } from './plate-index.ts';

export interface PlateRead {
  eventId: string;
  capturedAt: string;
  /** As the camera read it; null = no read. */
  plate: string | null;
  /** 0–1. */
  confidence: number;
  imageRef: string | null;
  /** The lane the camera claims (checked against its registration before this point). */
  laneId: string | null;
}

export interface ReadDecision {
  outcome: DeviceOutcome;
  tripId: string | null;
  confirmationId: string | null;
}

/**
 * A read at least this confident may check a truck in by itself (with one exact candidate). Cameras
 * report 0.9+ for clean reads; a read below is shown to a person even when it matches.
 */
export const AUTO_CHECK_IN_CONFIDENCE = 0.9;

/** The device as the principal of what it causes: audit entries and scheduler events name it. */
export function devicePrincipal(device: DeviceRow): Principal {
  return { id: `device:${device.id}`, username: `device:${device.name}`, role: 'device' };
}

/**
 * @example
 * const { outcome } = await handlePlateRead(ctx, device, read, messageId);
 */
export async function handlePlateRead(ctx: ApiContext, device: DeviceRow, read: PlateRead, messageId: string): Promise<ReadDecision> {
  if (read.plate === null || normalisePlate(read.plate).length === 0) {
    return { outcome: 'no_read', tripId: null, confirmationId: null };
  }
  return device.position === 'lane' ? laneRead(ctx, device, read, messageId) : yardRead(ctx, device, read, messageId);
}

/**
 * A doubtful read and a confident one of the same truck (the entrance's second camera, the next
 * frame) come within this time of each other; reads further apart are separate events.
 */
export const FUSE_WINDOW_MS = 2 * 60_000;

type ExpectedTrip = { id: string; state: string; arrivedAt: Date | null; plate: string };

/**
 * The trips a yard read can be, from the gate's plate index (plate-index.ts), read back from the
 * database: registered for this gate and not yet in, plus the ones that just arrived. Entries whose
 * trips the database says are no longer expected are dropped from the index on the way.
 */
async function expectedTrips(ctx: ApiContext, gate: string, readPlate: string): Promise<ExpectedTrip[]> {
  const near = await platesNear(ctx, gate, readPlate);
  const ids = [...new Set(near.flatMap((n) => n.tripIds))];
  if (ids.length === 0) return [];
  const rows = await ctx.db.trip.findMany({
    where: { id: { in: ids } },
    select: { id: true, state: true, arrivedAt: true, gate: { select: { code: true } }, vehicle: { select: { plate: true } } },
  });
  const since = Date.now() - STILL_AT_ENTRANCE_MS;
  const expected = new Map<string, ExpectedTrip>();
  for (const t of rows) {
    const stillExpected = t.gate.code === gate &&
      (t.state === 'registered' || ((ACTIVE_TRIP_STATES as readonly string[]).includes(t.state) && (t.arrivedAt?.getTime() ?? 0) >= since));
    if (stillExpected) expected.set(t.id, { id: t.id, state: t.state, arrivedAt: t.arrivedAt, plate: t.vehicle.plate });
  }
  // Only entries whose row says they are no longer expected: one without a row may be a registration
  // between filing its plate and its commit (its COMMIT goes with its last statement), and dropping it
  // would leave that trip out of the index for good. A registration that fails takes its own entry out.
  const found = new Set(rows.map((r) => r.id));
  for (const n of near) {
    for (const id of n.tripIds) {
      const t = expected.get(id);
      if (found.has(id) && (!t || normalisePlate(t.plate) !== n.plate)) await dropTripPlate(ctx, gate, id, n.plate);
    }
  }
  return [...expected.values()];
}

async function yardRead(ctx: ApiContext, device: DeviceRow, read: PlateRead, messageId: string): Promise<ReadDecision> {
  const gate = device.gateCode;
  const trips = await expectedTrips(ctx, gate, read.plate!);
  const byPlate = new Map<string, ExpectedTrip[]>();
  for (const t of trips) {
    const key = normalisePlate(t.plate);
    byPlate.set(key, [...(byPlate.get(key) ?? []), t]);
  }
  const suggestions = suggestPlates(read.plate!, [...byPlate.keys()], { limit: 5, maxTypos: 1 });
  const exact = suggestions.length === 1 && suggestions[0]!.kind === 'exact' ? byPlate.get(suggestions[0]!.plate)! : [];
  if (exact.length === 1 && exact[0]!.state !== 'registered') {
    // Already in the yard: read again by a second camera or while the truck crawled past; or this
    // very read, decided again after a crash between its check-in and its outcome (read-decider.ts).
    const mine = await checkedInWith(ctx, devicePrincipal(device), gate, messageId);
    return { outcome: mine ? 'checked_in' : 'duplicate', tripId: exact[0]!.id, confirmationId: null };
  }
  const candidates: PlateCandidateTrip[] = suggestions.flatMap((s) =>
    byPlate.get(s.plate)!.filter((t) => t.state === 'registered').map((t) => ({ tripId: t.id, plate: t.plate, kind: s.kind, distance: s.distance })),
  );
  const justIn = candidates.length === 0 ? justArrived(suggestions.flatMap((s) => byPlate.get(s.plate)!)) : null;
  if (justIn) {
    // A doubtful read of the truck another camera checked in moments ago, and of no truck still
    // expected: the same arrival seen worse. Nobody could be checked in from it, so nobody is asked.
    return { outcome: 'duplicate', tripId: justIn.id, confirmationId: null };
  }
  const only = candidates.length === 1 ? candidates[0]! : null;
  if (only && only.kind === 'exact' && read.confidence >= AUTO_CHECK_IN_CONFIDENCE) {
    try {
      const done = await checkInTrip(ctx, devicePrincipal(device), gate, { plate: only.plate, commandId: messageId });
      await closeFusedConfirmations(ctx, gate, done.tripId, devicePrincipal(device).id);
      return { outcome: 'checked_in', tripId: done.tripId, confirmationId: null };
    } catch (err) {
      // The gate refused the check-in (an early booking, a state changed meanwhile): a person looks at it.
      if (!(err instanceof AppError)) throw err;
      ctx.logger.info({ deviceId: device.id, tripId: only.tripId, code: err.code }, 'camera check-in refused; queued for an operator');
    }
  }
  // One confirmation per read: a decision replayed after a crash finds the row it made.
  const row = await ctx.db.plateConfirmation.upsert({
    where: { messageId },
    update: {},
    create: {
      gateCode: gate,
      deviceId: device.id,
      messageId,
      readPlate: read.plate,
      confidence: read.confidence,
      imageRef: read.imageRef,
      candidates: candidates as unknown as object,
    },
  });
  return { outcome: candidates.length === 0 ? 'unmatched' : 'confirm_queued', tripId: null, confirmationId: row.id };
}

/** The one trip among these that arrived within the fusion window, if exactly one did. */
function justArrived(trips: readonly ExpectedTrip[]): ExpectedTrip | null {
  const since = Date.now() - FUSE_WINDOW_MS;
  const recent = trips.filter((t) => t.state !== 'registered' && (t.arrivedAt?.getTime() ?? 0) >= since);
  return recent.length === 1 ? recent[0]! : null;
}

/**
 * A truck just checked in (by a camera or an operator): the doubtful reads of the last moments whose
 * only candidate was that trip are the same truck seen worse, so they leave the queue as confirmed by
 * whoever checked it in. A doubtful read with several candidates stays for a person.
 */
async function closeFusedConfirmations(ctx: ApiContext, gate: string, tripId: string, by: string): Promise<void> {
  const pending = await ctx.db.plateConfirmation.findMany({
    where: { gateCode: gate, status: 'pending', createdAt: { gte: new Date(Date.now() - FUSE_WINDOW_MS) } },
    select: { id: true, candidates: true },
  });
  const fused = pending.filter((c) => {
    const candidates = c.candidates as unknown as PlateCandidateTrip[];
    return candidates.length === 1 && candidates[0]!.tripId === tripId;
  });
  if (fused.length === 0) return;
  await ctx.db.plateConfirmation.updateMany({
    where: { id: { in: fused.map((c) => c.id) }, status: 'pending' },
    data: { status: 'confirmed', tripId, decidedById: by, decidedAt: new Date() },
  });
}

async function laneRead(ctx: ApiContext, device: DeviceRow, read: PlateRead, messageId: string): Promise<ReadDecision> {
  const gate = device.gateCode;
  const laneId = device.laneCode!;
  const scheduler = schedulerOf(ctx, gate);
  const occupant = await scheduler.laneOccupant(laneId);
  const called = occupant.tripId
    ? await ctx.db.trip.findUnique({ where: { id: occupant.tripId }, select: { id: true, vehicle: { select: { plate: true } } } })
    : null;
  // Misreads only (0/O, 1/I…): a lane confirms one known truck, it does not search.
  const matches = called !== null && plateDistance(normalisePlate(read.plate!), normalisePlate(called.vehicle.plate)) <= 0.5;
  if (matches) {
    if (occupant.occupancy === 'called') {
      await runCommand(ctx.metrics, 'arriveAtLane', () =>
        scheduler.arriveAtLane({ laneId, tripId: called.id, actor: `device:${device.id}`, commandId: messageId, inputHash: inputHash({ laneId, tripId: called.id, messageId }) }));
    }
    return { outcome: 'lane_confirmed', tripId: called.id, confirmationId: null };
  }
  await raiseAlert(ctx, device, 'wrong_truck', {
    laneId,
    readPlate: read.plate,
    confidence: read.confidence,
    imageRef: read.imageRef,
    expectedTripId: called?.id ?? null,
    expectedPlate: called?.vehicle.plate ?? null,
    messageId,
  });
  return { outcome: 'wrong_truck', tripId: null, confirmationId: null };
}

/**
 * An operator's decision on a doubtful read: the chosen candidate checks in (as the operator), or the
 * read is dismissed. Only a candidate of that read may be chosen; any other truck is checked in by hand.
 *
 * @example
 * await decideConfirmation(ctx, operator, 'KT', id, { decision: 'check_in', tripId });
 */
export async function decideConfirmation(
  ctx: ApiContext,
  who: Principal,
  gate: string,
  confirmationId: string,
  decision: { decision: 'check_in'; tripId: string } | { decision: 'dismiss' },
  req?: import('express').Request,
) {
  const row = await ctx.db.plateConfirmation.findFirst({ where: { id: confirmationId, gateCode: gate } });
  if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.plateConfirmationNotFound, 'confirmationId');
  if (row.status !== 'pending') throw AppError.worded('CONFLICT', REFUSALS.plateReadDecided(row.status), 'confirmationId');
  let tripId: string | null = null;
  if (decision.decision === 'check_in') {
    const candidates = row.candidates as unknown as PlateCandidateTrip[];
    const chosen = candidates.find((c) => c.tripId === decision.tripId);
    if (!chosen) throw AppError.worded('CONFLICT', REFUSALS.plateNotCandidate, 'tripId');
    // The command id is the confirmation's: a retried decision is the same check-in.
    const done = await checkInTrip(ctx, who, gate, { plate: chosen.plate, commandId: row.id }, req);
    tripId = done.tripId;
  }
  // Only a pending row moves: two operators deciding at once get one decision (the other a 409).
  const moved = await ctx.db.plateConfirmation.updateMany({
    where: { id: row.id, status: 'pending' },
    data: { status: decision.decision === 'check_in' ? 'confirmed' : 'dismissed', tripId, decidedById: who.id, decidedAt: new Date() },
  });
  if (moved.count === 0) throw AppError.worded('CONFLICT', REFUSALS.plateDecidedByOther, 'confirmationId');
  if (tripId !== null) await closeFusedConfirmations(ctx, gate, tripId, who.id);
  return ctx.db.plateConfirmation.findUniqueOrThrow({ where: { id: row.id } });
}
