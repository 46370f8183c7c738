/**
 * Events the scheduler appends to a gate's Redis Stream, in the same Lua step
 * as the state change they describe. Each event carries the *post-state* of the
 * trip and/or lane it touched, so that any consumer (persistence, Socket.IO
 * fan-out, customs gate events, replay tests) can project state from the last
 * event it saw without re-deriving scheduler rules.
 */
import { z } from 'zod';
import {
  ZDirectionSchema,
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
});
export type CallUpReason = z.infer<typeof ZCallUpReasonSchema>;

export const ZGateEventSchema = z.object({
  /** Redis stream entry id, filled in by readers (the script cannot know it before XADD). */
  streamId: z.string().optional(),
  /** Gate-wide sequence number, +1 per event: clients detect gaps with it. */
  seq: z.number().int().positive(),
  gate: z.string(),
  type: ZGateEventTypeSchema,
  at: z.number(),
  actor: z.string(),
  commandId: z.string().nullable(),
  trip: ZTripPlacementSchema.nullable(),
  lane: ZLanePlacementSchema.nullable(),
  reason: ZCallUpReasonSchema.nullable(),
  /** Free-form detail: outcome, note, lane status reason, policy, etc. */
  detail: z.record(z.string(), z.unknown()),
});
export type GateEvent = z.infer<typeof ZGateEventSchema>;
