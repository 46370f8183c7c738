/** Path parameters shared by many routes, and the answer of an operator's scheduler command. */
import { z } from 'zod';
import { ZGateCodeSchema, ZLaneIdSchema, ZTripIdSchema } from '../common.ts';
import { ZRestTripPlacementSchema } from '../live-times.ts';

export const ZGateParamsSchema = z.object({ gate: ZGateCodeSchema }).strict();
export const ZGateLaneParamsSchema = z.object({ gate: ZGateCodeSchema, laneId: ZLaneIdSchema }).strict();
export const ZGateTripParamsSchema = z.object({ gate: ZGateCodeSchema, tripId: ZTripIdSchema }).strict();
export const ZTripParamsSchema = z.object({ tripId: ZTripIdSchema }).strict();

/** What an operator command answers: whether it was a replay of the same commandId, and the trip's new place. */
export const ZCommandResponseSchema = z.object({
  commandId: z.string(),
  replayed: z.boolean(),
  trip: ZRestTripPlacementSchema.nullable(),
});
export type CommandResponse = z.infer<typeof ZCommandResponseSchema>;
