/**
 * Test fixtures: synthetic gate events shaped exactly like the scheduler's (validated by
 * ZGateEventSchema), XADDed the way its Lua `emit` does, and trip rows to project them onto.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  ZGateEventSchema,
  type Direction,
  type PriorityClass,
  type Stage,
  type GateEvent,
  type GateEventType,
  type LanePlacement,
  type TripPlacement,
} from '@borderflow/contracts';
import type { PrismaClient, SeedResult } from '@borderflow/db';

export const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);

export function placement(id: string, patch: Partial<TripPlacement> = {}): TripPlacement {
  return {
    id, state: 'queued', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary',
    direction: 'exit', score: T0, laneId: null, noShows: 0, deadline: null, plate: `24C${id}`, hold: false, queuedAt: T0,
    ...patch,
  };
}

/**
 * A detail of the right shape for each type, as the scheduler's scripts write it; a test
 * passes its own `detail` to override. policy_set's version 0 is never projected.
 */
const TYPICAL_DETAIL: Record<GateEventType, Record<string, unknown>> = {
  policy_set: { version: 0, interleave: 'ordinary', agingMs: 1, callUpTimeoutMs: 1, noShowPenaltyMs: 1, appointmentGraceMs: 1, capExit: 0, capEntry: 0 },
  lane_configured: { name: 'lane', direction: 'exit', capabilities: 'documents,gate', classes: '' },
  lane_status_changed: { from: 'open', to: 'maintenance', reason: 'test' },
  trip_arrived: { appointmentAt: null },
  trip_queued: {},
  trip_called: { stage: 'documents' },
  trip_at_lane: {},
  inspection_started: {},
  stage_completed: { outcome: 'cleared', stage: 'documents', serviceMs: 1000, next: 'trip_queued' },
  trip_held: {},
  hold_placed: { reason: 'customs: test' },
  hold_released: { reason: '' },
  trip_turned_back: {},
  trip_no_show: { dropped: false, penaltyMs: 1000, cause: 'deadline' },
  trip_requeued: { reason: 'lane paused' },
  exit_queued: {},
  trip_crossed: { direction: 'exit', capPerHour: 0 },
  trip_cancelled: { from: 'queued' },
  stages_changed: { before: 'documents,gate', after: 'documents,xray,gate' },
};

export function gateEvent(
  seq: number,
  type: GateEventType,
  parts: { gate?: string; trip?: TripPlacement | null; lane?: LanePlacement | null; detail?: Record<string, unknown> } = {},
): GateEvent {
  return ZGateEventSchema.parse({
    seq, gate: parts.gate ?? 'KT', type, at: T0 + seq * 1000, actor: 'test', commandId: null,
    trip: parts.trip ?? null, lane: parts.lane ?? null, reason: null, detail: parts.detail ?? TYPICAL_DETAIL[type],
  });
}

/** XADDs like the scheduler's emit(): fields seq, type, json. Returns the stream ids. */
export async function appendEvents(redis: Redis, stream: string, events: GateEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) ids.push((await redis.xadd(stream, '*', 'seq', e.seq, 'type', e.type, 'json', JSON.stringify(e)))!);
  return ids;
}

/** A registered trip (with its own truck `24C<ID>`, so the one-active-trip index is not in the way). */
export async function createTrip(
  prisma: PrismaClient,
  seed: SeedResult,
  id: string,
  extra: { direction?: Direction; priorityClass?: PriorityClass; stages?: Stage[] } = {},
): Promise<void> {
  const vehicle = await prisma.vehicle.create({
    data: { plate: `24C${id}`.toUpperCase(), plateDisplay: `24C-${id}`, kind: 'truck', country: 'VN' },
  });
  await prisma.trip.create({
    data: {
      id, gateId: seed.gateId, direction: extra.direction ?? 'exit', priorityClass: extra.priorityClass ?? 'ordinary',
      vehicleId: vehicle.id, driverId: seed.drivers.driver1!, createdById: seed.users.driver1!,
      expectedArrival: new Date(T0), stages: extra.stages ?? ['documents', 'gate'], qrToken: randomUUID(),
    },
  });
}

/**
 * Polls until `check` holds (consumers work asynchronously); throws after `timeoutMs`.
 * @example await until(async () => (await db.prisma.gateEvent.count()) === 3);
 */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
