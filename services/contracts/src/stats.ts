/** GET /v1/gates/:gate/stats — the manager's charts over [from, to). */
import { z } from 'zod';
import { ZAgencySchema, ZIsoDateTimeSchema } from './common.ts';
import { ZPriorityClassSchema } from './domain.ts';

/** Percentiles in ms; null when there were no samples. */
export const ZPercentilesSchema = z.object({ p50: z.number().nullable(), p90: z.number().nullable() });
export type Percentiles = z.infer<typeof ZPercentilesSchema>;

export const ZGateStatsSchema = z.object({
  gate: z.string(),
  from: z.string(),
  to: z.string(),
  /** Crossings per hour bucket (`hour` = ISO start of the hour). */
  trucksPerHour: z.array(z.object({ hour: z.string(), exit: z.number().int(), entry: z.number().int() })),
  /** Wait from arrival to first call-up, per priority class: completed waits (trucks called in the window) only. */
  waitMs: z.partialRecord(ZPriorityClassSchema, ZPercentilesSchema),
  /**
   * The same waits including the trucks still queued at `to` as censored observations (Kaplan–Meier);
   * p50/p90 null when too many still wait to tell (then the wait is at least `longestWaitingMs`).
   */
  waitIncludingWaitingMs: z.partialRecord(
    ZPriorityClassSchema,
    ZPercentilesSchema.extend({
      completed: z.number().int().nonnegative(),
      waiting: z.number().int().nonnegative(),
      longestWaitingMs: z.number().nonnegative(),
    }),
  ),
  /** Busy time over the time each lane was open (or still serving a truck), 0..1; the two times in ms. */
  laneUtilisation: z.array(
    z.object({ laneId: z.string(), busyRatio: z.number().min(0).max(1), busyMs: z.number().nonnegative(), openMs: z.number().nonnegative() }),
  ),
  /** Trucks waiting (queued, called, held, exit queue) at `to`. */
  backlog: z.number().int().nonnegative(),
  /** Trucks waiting at `from`, at every hour boundary inside the window, and at `to` (from the event log). */
  backlogSeries: z.array(z.object({ at: z.string(), trucks: z.number().int().nonnegative() })),
  /** Hold durations per agency: percentiles, how many holds, and the total time under hold. */
  holdsMs: z.partialRecord(
    ZAgencySchema,
    ZPercentilesSchema.extend({ count: z.number().int().nonnegative(), totalMs: z.number().nonnegative() }),
  ),
});
export type GateStats = z.infer<typeof ZGateStatsSchema>;

/** Query of GET /v1/gates/:gate/stats (strings: it comes from the URL). */
export const ZGateStatsQuerySchema = z
  .object({
    from: ZIsoDateTimeSchema.optional(),
    to: ZIsoDateTimeSchema.optional(),
  })
  .strict();
export type GateStatsQuery = z.infer<typeof ZGateStatsQuerySchema>;
