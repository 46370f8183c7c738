/** Operators' lane commands. Every command may carry a commandId so a retried request is applied once. */
import { z } from 'zod';
import { plainText } from './text.ts';
import { ZCommandIdSchema, ZTripIdSchema } from './common.ts';
import { ZInspectionOutcomeSchema } from './domain.ts';

/** POST /v1/gates/:gate/lanes/:laneId/open|pause|close — the reason is shown on the board and kept in the log. */
export const ZLaneStatusActionRequestSchema = z
  .object({
    reason: plainText(z.string().trim().min(1, 'reason is required').max(200)),
    commandId: ZCommandIdSchema.optional(),
  })
  .strict();
export type LaneStatusActionRequest = z.infer<typeof ZLaneStatusActionRequestSchema>;

/** POST /v1/gates/:gate/lanes/:laneId/arrive|start */
export const ZLaneTripActionRequestSchema = z
  .object({
    tripId: ZTripIdSchema,
    commandId: ZCommandIdSchema.optional(),
  })
  .strict();
export type LaneTripActionRequest = z.infer<typeof ZLaneTripActionRequestSchema>;

/** POST /v1/gates/:gate/lanes/:laneId/complete */
export const ZCompleteInspectionRequestSchema = z
  .object({
    tripId: ZTripIdSchema,
    outcome: ZInspectionOutcomeSchema,
    note: plainText(z.string().trim().max(500), { multiline: true }).optional(),
    commandId: ZCommandIdSchema.optional(),
  })
  .strict();
export type CompleteInspectionRequest = z.infer<typeof ZCompleteInspectionRequestSchema>;

/** Commands whose target is in the URL: no-show, release-hold, cancel. */
export const ZCommandOnlyRequestSchema = z.object({ commandId: ZCommandIdSchema.optional() }).strict();
export type CommandOnlyRequest = z.infer<typeof ZCommandOnlyRequestSchema>;
