/**
 * GET /v1/public/waits — the public, unauthenticated feed of waiting times per
 * gate and direction (the "public JSON feed of waits" good e-queues publish).
 * Nothing personal: counts, estimates and lane figures only.
 */
import { z } from 'zod';
import { ZDirectionSchema, ZPriorityClassSchema } from './domain.ts';
import { ZPercentilesSchema } from './stats.ts';

/** Where a wait estimate comes from. */
export const ZWaitBasisSchema = z.enum(['live', 'history', 'live_and_history', 'none']);
export type WaitBasis = z.infer<typeof ZWaitBasisSchema>;

/** As CBP's Border Wait Times: all lanes open, none open, or some (`restricted`). */
export const ZOperationalStatusSchema = z.enum(['open', 'closed', 'restricted']);
export type OperationalStatus = z.infer<typeof ZOperationalStatusSchema>;

/**
 * The wait a truck of one class arriving now can expect, in minutes, with an 80 % range: it joins
 * behind the trucks of its class already in line, so the live figure is the ETA band of the last
 * of them (0 when none waits and a lane is open); history (this class's recent call-ups) when no
 * lane is open; null figures when neither is known.
 */
export const ZClassWaitSchema = z.object({
  expectedMin: z.number().int().nonnegative().nullable(),
  lowMin: z.number().int().nonnegative().nullable(),
  highMin: z.number().int().nonnegative().nullable(),
  basis: z.enum(['live', 'history', 'none']),
});
export type ClassWait = z.infer<typeof ZClassWaitSchema>;

/** Lạng Sơn's congestion bands by trucks waiting at the gate: under 500, 500–1k, 1k–5k, over 5k. */
export const ZCongestionBandSchema = z.enum(['under_500', '500_to_1000', '1000_to_5000', 'over_5000']);
export type CongestionBand = z.infer<typeof ZCongestionBandSchema>;

export const ZPublicDirectionWaitSchema = z.object({
  direction: ZDirectionSchema,
  operationalStatus: ZOperationalStatusSchema,
  /** The headline: per priority class, the wait of a truck arriving now (minutes, with a range). */
  waitMinByClass: z.record(ZPriorityClassSchema, ZClassWaitSchema),
  /** Trucks in the staging yard waiting for a lane in this direction (all stages). */
  queueLength: z.number().int().nonnegative(),
  /** Trucks called to a lane and on their way to it. */
  called: z.number().int().nonnegative(),
  /** Trucks under an agency hold. */
  held: z.number().int().nonnegative(),
  /** Cleared trucks waiting to cross (paced by the downstream cap). */
  exitQueueLength: z.number().int().nonnegative(),
  /**
   * The ordinary class's headline in ms (p50 = expected, p90 = the top of its range), kept for
   * clients of the first version of the feed.
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
  /** The time of the last measurement these figures rest on (the gate's last event), not of the response (ISO). */
  updatedAt: z.string(),
});
export type PublicDirectionWait = z.infer<typeof ZPublicDirectionWaitSchema>;

/** A notice for drivers: a lane paused or closed and why (from the operator's reason). */
export const ZAdvisorySchema = z.object({
  laneId: z.string(),
  status: z.string(),
  reason: z.string(),
  since: z.string(),
  /** When the lane is due to reopen, if known (ISO). */
  reopensAt: z.string().nullable(),
});
export type Advisory = z.infer<typeof ZAdvisorySchema>;

export const ZPublicGateWaitsSchema = z.object({
  gate: z.string(),
  name: z.string(),
  /** Port hours: its time zone, and while it is closed, when a lane is due to reopen. */
  hours: z.object({ timeZone: z.string(), nextOpensAt: z.string().nullable() }),
  portStatus: ZOperationalStatusSchema,
  advisories: z.array(ZAdvisorySchema),
  /** Trucks waiting at the gate (queued, called, held, waiting to cross) in Lạng Sơn's bands. */
  congestionBand: ZCongestionBandSchema.optional(),
  /** The time of the gate's last measurement (ISO); null before any event. */
  updatedAt: z.string().nullable(),
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
