/**
 * GET /v1/public/waits — the public, unauthenticated feed of waiting times per
 * gate and direction (the "public JSON feed of waits" good e-queues publish).
 * Nothing personal: counts, estimates and lane figures only.
 */
import { z } from 'zod';
import { ZDirectionSchema } from './domain.ts';
import { ZPercentilesSchema } from './stats.ts';

/** Where a wait estimate comes from. */
export const ZWaitBasisSchema = z.enum(['live', 'history', 'live_and_history', 'none']);
export type WaitBasis = z.infer<typeof ZWaitBasisSchema>;

export const ZPublicDirectionWaitSchema = z.object({
  direction: ZDirectionSchema,
  /** Trucks in the staging yard waiting for a lane in this direction (all stages). */
  queueLength: z.number().int().nonnegative(),
  /** Trucks called to a lane and on their way to it. */
  called: z.number().int().nonnegative(),
  /** Trucks under an agency hold. */
  held: z.number().int().nonnegative(),
  /** Cleared trucks waiting to cross (paced by the downstream cap). */
  exitQueueLength: z.number().int().nonnegative(),
  /**
   * Estimated wait from joining the queue to being called to a lane, in ms:
   * p50 from the live queue (history when no lane is open), p90 the larger of both.
   */
  waitMs: ZPercentilesSchema,
  basis: ZWaitBasisSchema,
  /** The live part: the ETA band of the last truck in line now (null when no lane is open). */
  liveWaitMs: ZPercentilesSchema.nullable(),
  /** The history part: waits of the trucks called in the recent window. */
  recentWaitMs: ZPercentilesSchema.extend({ count: z.number().int().nonnegative() }),
  lanesOpen: z.number().int().nonnegative(),
  lanesTotal: z.number().int().nonnegative(),
  /** Trucks/hour the far side accepts in this direction; null = no cap. */
  downstreamCapPerHour: z.number().int().positive().nullable(),
  /** When these figures were read (ISO). */
  updatedAt: z.string(),
});
export type PublicDirectionWait = z.infer<typeof ZPublicDirectionWaitSchema>;

export const ZPublicGateWaitsSchema = z.object({
  gate: z.string(),
  name: z.string(),
  directions: z.array(ZPublicDirectionWaitSchema),
});
export type PublicGateWaits = z.infer<typeof ZPublicGateWaitsSchema>;

/**
 * @example
 * const feed = ZPublicWaitsResponseSchema.parse(await (await fetch('/v1/public/waits')).json());
 * feed.gates[0]?.directions.find((d) => d.direction === 'exit')?.waitMs.p50;
 */
export const ZPublicWaitsResponseSchema = z.object({
  generatedAt: z.string(),
  /** How long the feed may be cached (also sent as Cache-Control max-age). */
  maxAgeSeconds: z.number().int().positive(),
  /** Length of the history window behind `recentWaitMs`. */
  historyWindowMinutes: z.number().int().positive(),
  gates: z.array(ZPublicGateWaitsSchema),
});
export type PublicWaitsResponse = z.infer<typeof ZPublicWaitsResponseSchema>;
