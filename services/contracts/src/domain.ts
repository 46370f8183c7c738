/**
 * The vocabulary of the gate: every other package speaks in these words.
 * Kept as zod enums so the API, the console, the simulators and the adapters
 * validate the same values.
 */
import { z } from 'zod';

/** Who is asking. `agency` is a machine identity (customs, quarantine, border guard, far-side gate). */
export const ZRoleSchema = z.enum(['driver', 'operator', 'manager', 'admin', 'agency']);
export type Role = z.infer<typeof ZRoleSchema>;

/** Priority classes of the published policy. */
export const ZPriorityClassSchema = z.enum(['perishable', 'trusted', 'ordinary', 'empty_return']);
export type PriorityClass = z.infer<typeof ZPriorityClassSchema>;
export const PRIORITY_CLASSES = ZPriorityClassSchema.options;

/**
 * A stage is one visit to a lane of a kind. `gate` is the barrier control every
 * truck passes (registration/exit control); the others come from the customs
 * channel and the cargo.
 */
export const ZStageSchema = z.enum(['gate', 'documents', 'xray', 'physical', 'quarantine', 'weighbridge']);
export type Stage = z.infer<typeof ZStageSchema>;
export const STAGES = ZStageSchema.options;

/** exit = leaving Vietnam towards Hekou; entry = arriving from China. */
export const ZDirectionSchema = z.enum(['exit', 'entry']);
export type Direction = z.infer<typeof ZDirectionSchema>;

export const ZLaneStatusSchema = z.enum(['open', 'paused', 'closed', 'maintenance']);
export type LaneStatus = z.infer<typeof ZLaneStatusSchema>;

/** What a lane is doing right now (independent of whether it is open). */
export const ZLaneOccupancySchema = z.enum(['idle', 'called', 'at_lane', 'inspecting']);
export type LaneOccupancy = z.infer<typeof ZLaneOccupancySchema>;

/**
 * A truck's journey. `registered` lives only in the database; from `queued` on
 * the live state is in Redis and every change is an event.
 */
export const ZTripStateSchema = z.enum([
  'registered',
  'queued',
  'called',
  'at_lane',
  'inspecting',
  'held',
  'exit_queue',
  'crossed',
  'no_show',
  'turned_back',
  'cancelled',
]);
export type TripState = z.infer<typeof ZTripStateSchema>;
/** States in which a trip is still "active" (blocks a second booking for the vehicle). */
export const ACTIVE_TRIP_STATES: readonly TripState[] = [
  'registered', 'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue',
];
/** States in which the scheduler (Redis) owns the trip. */
export const LIVE_TRIP_STATES: readonly TripState[] = [
  'queued', 'called', 'at_lane', 'inspecting', 'held', 'exit_queue',
];

/** Customs channel ("phân luồng"): 1 green, 2 yellow, 3 red. The raw code is kept too. */
export const ZChannelSchema = z.enum(['green', 'yellow', 'red']);
export type Channel = z.infer<typeof ZChannelSchema>;

export const ZInspectionOutcomeSchema = z.enum(['cleared', 'held', 'turned_back']);
export type InspectionOutcome = z.infer<typeof ZInspectionOutcomeSchema>;
