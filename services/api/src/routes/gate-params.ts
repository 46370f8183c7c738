/** Path parameters shared by the /v1/gates/:gate/... routes, and the answer of a scheduler command. */
import { z } from 'zod';
import { ZGateCodeSchema, ZLaneIdSchema, ZTripIdSchema, ZTripPlacementSchema } from '@borderflow/contracts';

export const ZGateParamsSchema = z.object({ gate: ZGateCodeSchema }).strict();
export const ZGateLaneParamsSchema = z.object({ gate: ZGateCodeSchema, laneId: ZLaneIdSchema }).strict();
export const ZGateTripParamsSchema = z.object({ gate: ZGateCodeSchema, tripId: ZTripIdSchema }).strict();

/** What an operator command answers: whether it was a replay of the same commandId, and the trip's new place. */
export const ZCommandResponseSchema = z.object({
  commandId: z.string(),
  replayed: z.boolean(),
  trip: ZTripPlacementSchema.nullable(),
});
export type CommandResponse = z.infer<typeof ZCommandResponseSchema>;
