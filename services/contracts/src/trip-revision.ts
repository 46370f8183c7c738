/**
 * GET /v1/trips/:tripId/revisions — the history of a trip's corrections: every
 * change a driver made before arrival, field by field, with who, when and why.
 */
import { z } from 'zod';

export const ZTripRevisionSchema = z.object({
  id: z.string(),
  at: z.string(),
  changedBy: z.object({ username: z.string(), displayName: z.string() }),
  reason: z.string().nullable(),
  /** `{ field: { from, to } }` for each changed correctable field (values in request shape, normalised). */
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export type TripRevision = z.infer<typeof ZTripRevisionSchema>;

/**
 * @example
 * const { revisions } = ZTripRevisionListSchema.parse(await res.json());
 * revisions[0]?.changes.containers?.to;
 */
export const ZTripRevisionListSchema = z.object({ revisions: z.array(ZTripRevisionSchema) });
export type TripRevisionList = z.infer<typeof ZTripRevisionListSchema>;
