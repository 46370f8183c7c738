/**
 * Events the scheduler appends to a gate's Redis Stream, in the same Lua step
 * as the state change they describe. Each event carries the *post-state* of the
 * trip and/or lane it touched, so that any consumer (persistence, Socket.IO
 * fan-out, customs gate events, replay tests) can project state from the last
 * event it saw without re-deriving scheduler rules.
 */
import { z } from 'zod';
import { ZClassSourceSchema } from './priority-source.ts';
import {
  ZDirectionSchema,
  ZInspectionOutcomeSchema,
  ZLaneOccupancySchema,
  ZLaneStatusSchema,
  ZPriorityClassSchema,
  ZStageSchema,
  ZTripStateSchema,
} from './domain.ts';

export const GATE_EVENT_TYPES = [
  'policy_set',
  'lane_configured',
  'lane_status_changed',
  'trip_arrived',
  'trip_queued',
  'trip_called',
  'trip_at_lane',
  'inspection_started',
  'stage_completed',
  'trip_held',
  'hold_placed',
  'hold_released',
  'trip_turned_back',
  'trip_no_show',
  'trip_requeued',
  'exit_queued',
  'trip_crossed',
  'trip_cancelled',
  'stages_changed',
] as const;
export const ZGateEventTypeSchema = z.enum(GATE_EVENT_TYPES);
export type GateEventType = z.infer<typeof ZGateEventTypeSchema>;

/** Where a trip is after the event. `score` orders it inside its class queue (ms epoch + penalties). */
export const ZTripPlacementSchema = z.object({
  id: z.string(),
  state: ZTripStateSchema,
  stages: z.array(ZStageSchema),
  stageIndex: z.number().int(),
  stage: ZStageSchema.nullable(),
  priorityClass: ZPriorityClassSchema,
  direction: ZDirectionSchema,
  score: z.number(),
  laneId: z.string().nullable(),
  noShows: z.number().int(),
  deadline: z.number().nullable(),
  plate: z.string(),
  /** An agency hold is on: the trip may not enter the exit queue until released. */
  hold: z.boolean(),
  /** When it started waiting for its current stage (ms); the wait clock for reasons and stats. */
  queuedAt: z.number().nullable(),
});
export type TripPlacement = z.infer<typeof ZTripPlacementSchema>;

export const ZLanePlacementSchema = z.object({
  id: z.string(),
  status: ZLaneStatusSchema,
  occupancy: ZLaneOccupancySchema,
  tripId: z.string().nullable(),
});
export type LanePlacement = z.infer<typeof ZLanePlacementSchema>;

/** Why a truck was called: answers "why did they go before me?" from data. */
export const ZCallUpReasonSchema = z.object({
  policyVersion: z.number().int(),
  rule: z.enum(['aging', 'interleave', 'direct']),
  slot: z.number().int().nullable(),
  priorityClass: ZPriorityClassSchema,
  waitMs: z.number(),
  /** Where the class came from (absent on call-ups recorded before it was kept). */
  classSource: ZClassSourceSchema.optional(),
});
export type CallUpReason = z.infer<typeof ZCallUpReasonSchema>;

/** Fields every gate event carries, whatever its type. */
export const ZGateEventBaseSchema = z.object({
  /** Redis stream entry id, filled in by readers (the script cannot know it before XADD). */
  streamId: z.string().optional(),
  /** Gate-wide sequence number, +1 per event: clients detect gaps with it. */
  seq: z.number().int().positive(),
  gate: z.string(),
  at: z.number(),
  actor: z.string(),
  commandId: z.string().nullable(),
  trip: ZTripPlacementSchema.nullable(),
  lane: ZLanePlacementSchema.nullable(),
  reason: ZCallUpReasonSchema.nullable(),
});

/**
 * A detail is strict: a key the scheduler starts emitting without a schema fails
 * the contract test (gate-event-contract.test.ts in @borderflow/scheduler) instead
 * of reaching consumers untyped. `divergedSeq` is added by crash recovery when it
 * re-sequences an event (persist/gate-recovery.ts), so any type may carry it.
 */
export function gateEventDetail<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...shape, divergedSeq: z.number().int().optional() }).strict();
}

/** Comma-separated list, the way the Lua scripts store lists (e.g. `documents,gate`; '' = none / all). */
const ZCommaListSchema = z.string();

export const ZGateEventDetailSchemas = {
  policy_set: gateEventDetail({
    version: z.number().int(),
    /** Priority classes of the interleave, comma separated. */
    interleave: ZCommaListSchema,
    agingMs: z.number(),
    callUpTimeoutMs: z.number(),
    noShowPenaltyMs: z.number(),
    appointmentGraceMs: z.number(),
    capExit: z.number(),
    capEntry: z.number(),
  }),
  lane_configured: gateEventDetail({
    name: z.string(),
    direction: ZDirectionSchema,
    /** Stages the lane serves, comma separated. */
    capabilities: ZCommaListSchema,
    /** Priority classes it serves, comma separated; '' = all. */
    classes: ZCommaListSchema,
  }),
  lane_status_changed: gateEventDetail({ from: ZLaneStatusSchema, to: ZLaneStatusSchema, reason: z.string() }),
  trip_arrived: gateEventDetail({ appointmentAt: z.number().nullable() }),
  trip_queued: gateEventDetail({}),
  trip_called: gateEventDetail({ stage: ZStageSchema }),
  trip_at_lane: gateEventDetail({}),
  inspection_started: gateEventDetail({}),
  stage_completed: gateEventDetail({
    outcome: ZInspectionOutcomeSchema,
    stage: ZStageSchema,
    note: z.string().optional(),
    serviceMs: z.number(),
    /** Where the trip went: the type of the move (its next stage's queue, held, the exit queue) or turned back. */
    next: z.enum(['trip_queued', 'trip_held', 'exit_queued', 'turned_back']),
  }),
  trip_held: gateEventDetail({}),
  /** `reason` is "<agency>: why" when an agency placed it (see the API's agency decisions). */
  hold_placed: gateEventDetail({ reason: z.string() }),
  hold_released: gateEventDetail({ reason: z.string() }),
  trip_turned_back: gateEventDetail({}),
  trip_no_show: gateEventDetail({
    /** Second no-show: the trip leaves the scheduler. */
    dropped: z.boolean(),
    penaltyMs: z.number().optional(),
    cause: z.enum(['deadline', 'operator']),
  }),
  trip_requeued: gateEventDetail({ reason: z.string() }),
  exit_queued: gateEventDetail({}),
  trip_crossed: gateEventDetail({ direction: ZDirectionSchema, capPerHour: z.number() }),
  trip_cancelled: gateEventDetail({ from: ZTripStateSchema }),
  /** Stage lists, comma separated. */
  stages_changed: gateEventDetail({ before: ZCommaListSchema, after: ZCommaListSchema }),
} satisfies Record<GateEventType, z.ZodType>;

type DetailSchemas = typeof ZGateEventDetailSchemas;
export type GateEventDetail<T extends GateEventType = GateEventType> = z.infer<DetailSchemas[T]>;

/**
 * The union of the 19 event types over a base and one detail schema per type: the scheduler's
 * events (times in ms epoch) and the `/live` deltas' (live-times.ts: RFC 3339) share the list.
 */
export function gateEventUnion<Base extends z.ZodRawShape, Details extends Record<GateEventType, z.ZodType>>(
  base: z.ZodObject<Base>, details: Details,
) {
  const eventOf = <T extends GateEventType>(type: T) => base.extend({ type: z.literal(type), detail: details[type] as Details[T] });
  return z.discriminatedUnion('type', [
    eventOf('policy_set'),
    eventOf('lane_configured'),
    eventOf('lane_status_changed'),
    eventOf('trip_arrived'),
    eventOf('trip_queued'),
    eventOf('trip_called'),
    eventOf('trip_at_lane'),
    eventOf('inspection_started'),
    eventOf('stage_completed'),
    eventOf('trip_held'),
    eventOf('hold_placed'),
    eventOf('hold_released'),
    eventOf('trip_turned_back'),
    eventOf('trip_no_show'),
    eventOf('trip_requeued'),
    eventOf('exit_queued'),
    eventOf('trip_crossed'),
    eventOf('trip_cancelled'),
    eventOf('stages_changed'),
  ]);
}

/** One gate event: `type` decides the shape of `detail`. */
export const ZGateEventSchema = gateEventUnion(ZGateEventBaseSchema, ZGateEventDetailSchemas);
export type GateEvent = z.infer<typeof ZGateEventSchema>;
/** The event of one type, e.g. `GateEventOf<'trip_called'>`. */
export type GateEventOf<T extends GateEventType> = Extract<GateEvent, { type: T }>;
