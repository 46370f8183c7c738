/**
 * The vocabulary of the gate: every other package speaks in these words.
 * Kept as zod enums so the API, the console, the simulators and the adapters
 * validate the same values.
 */
import { z } from 'zod';

/** Who is asking. `agency` is a machine identity (customs, quarantine, border guard, far-side gate). */
export const ZRoleSchema = z.enum(['driver', 'operator', 'manager', 'admin', 'agency']);
export type Role = z.infer<typeof ZRoleSchema>;

/**
 * Every kind of caller the permission table names: the people's roles above plus `data-consumer`, the
 * province's data platform (LGSP / IOC) calling with a data-consumer key. It is not a role a user account
 * can have, so it is not in ZRoleSchema (no login, no role change can reach it). Likewise `device`: a gate
 * device (ANPR camera) calling the device gateway with its device key; it acts only through that gateway.
 */
export const ZPrincipalRoleSchema = z.enum([...ZRoleSchema.options, 'data-consumer', 'device']);
export type PrincipalRole = z.infer<typeof ZPrincipalRoleSchema>;

/**
 * Priority classes of the published policy; this order is the tie order. `walk_in` is a truck
 * without a slot at a gate that publishes a capacity plan (or past its slot's grace): the lowest
 * class, outside the default interleave, so it is called when no other class waits or once aged.
 */
export const ZPriorityClassSchema = z.enum(['perishable', 'trusted', 'ordinary', 'empty_return', 'walk_in']);
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
/** States that end a trip without crossing: it shows no QR pass and the driver starts again. */
export const ENDED_TRIP_STATES: readonly TripState[] = ['cancelled', 'no_show', 'turned_back'];
/** States in which a trip's QR pass is spent (crossed, or ended without crossing): it is never served or shown again. */
export const FINISHED_TRIP_STATES: readonly TripState[] = ['crossed', ...ENDED_TRIP_STATES];

/** Customs channel ("phân luồng"): 1 green, 2 yellow, 3 red. The raw code is kept too. */
export const ZChannelSchema = z.enum(['green', 'yellow', 'red']);
export type Channel = z.infer<typeof ZChannelSchema>;

export const ZInspectionOutcomeSchema = z.enum(['cleared', 'held', 'turned_back']);
export type InspectionOutcome = z.infer<typeof ZInspectionOutcomeSchema>;
