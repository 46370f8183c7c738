/**
 * A draft capacity plan as a what-if, before a manager publishes it (issue 12, item 10): the
 * draft and the plan in force each run one simulated day through the real scheduler (the
 * simulation worker, as a job of the simulations queue), side by side on the same seed, with the
 * bookings each would leave over capacity (those that would get a "capacity lowered" notice).
 */
import { z } from 'zod';
import { ZCapacityPlanSchema, ZLocalDateSchema } from './booking.ts';
import { ZSimWaitStatsSchema } from './simulation.ts';

/** The `scenario` a what-if run's row and status carry: it is no scenario file. */
export const PLAN_WHAT_IF_SCENARIO = 'plan-what-if';

/** POST /v1/gates/:gate/capacity-plan/what-if */
export const ZPlanWhatIfRequestSchema = z.object({
  plan: ZCapacityPlanSchema,
  /** The local day to run: its template, exceptions and closures apply. */
  date: ZLocalDateSchema,
  /** Share of the planned slots that turn up (default 0.6, the demo's utilisation). */
  share: z.number().min(0.05, 'share must be between 0.05 and 1').max(1, 'share must be between 0.05 and 1').default(0.6),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
}).strict();
export type PlanWhatIfRequest = z.infer<typeof ZPlanWhatIfRequestSchema>;

/** One local hour of the simulated day. Utilisation and waits are null when nothing happened in it. */
export const ZPlanWhatIfHourSchema = z.object({
  hour: z.number().int().min(0).max(23),
  /** Slots the plan offers in the hour, both directions and all classes. */
  slots: z.number().int().nonnegative(),
  arrived: z.number().int().nonnegative(),
  crossed: z.number().int().nonnegative(),
  /** Inspecting time over open time of all lanes in the hour (null when no lane was open). */
  utilisation: z.number().min(0).max(1).nullable(),
  /** Arrival → first call-up of the trucks that arrived in the hour, minutes. */
  waitP50Min: z.number().nullable(),
  waitP90Min: z.number().nullable(),
});
export type PlanWhatIfHour = z.infer<typeof ZPlanWhatIfHourSchema>;

/** What one plan does to the day. */
export const ZPlanWhatIfOutcomeSchema = z.object({
  plannedSlots: z.number().int().nonnegative(),
  arrivals: z.number().int().nonnegative(),
  crossed: z.number().int().nonnegative(),
  /** Inspecting time over open time, all lanes, whole day. */
  utilisation: z.number().min(0).max(1),
  perLane: z.record(z.string(), z.number().min(0).max(1)),
  /** Trucks still in the gate when the day ends (too many slots for the lanes). */
  leftInGate: z.number().int().nonnegative(),
  /** Arrival → first call-up, every truck of the day. */
  firstCallUp: ZSimWaitStatsSchema,
  perHour: z.array(ZPlanWhatIfHourSchema).length(24),
});
export type PlanWhatIfOutcome = z.infer<typeof ZPlanWhatIfOutcomeSchema>;

/** One side of the comparison: the outcome and the active future bookings the plan leaves over capacity. */
export const ZPlanWhatIfSideSchema = ZPlanWhatIfOutcomeSchema.extend({
  bookingsAffected: z.number().int().nonnegative(),
});

export const ZPlanWhatIfReportSchema = z.object({
  version: z.literal(1),
  gate: z.string(),
  date: z.string(),
  share: z.number(),
  seed: z.number().int().nonnegative(),
  /** Version of the plan in force when the run started (0 = derived from the lanes). */
  publishedVersion: z.number().int().nonnegative(),
  draft: ZPlanWhatIfSideSchema,
  published: ZPlanWhatIfSideSchema,
});
export type PlanWhatIfReport = z.infer<typeof ZPlanWhatIfReportSchema>;

/**
 * What the API stores with the run (`simulation_runs.input`) for the worker: both plans in full, so
 * a plan published meanwhile does not change what the run compares.
 */
export const ZPlanWhatIfInputSchema = z.object({
  gate: z.string(),
  date: z.string(),
  share: z.number(),
  draft: ZCapacityPlanSchema,
  published: ZCapacityPlanSchema,
  publishedVersion: z.number().int().nonnegative(),
  bookingsAffected: z.object({ draft: z.number().int().nonnegative(), published: z.number().int().nonnegative() }),
}).strict();
export type PlanWhatIfInput = z.infer<typeof ZPlanWhatIfInputSchema>;

/** GET /v1/gates/:gate/capacity-plan/what-if/:id */
export const ZPlanWhatIfStatusSchema = z.object({
  id: z.string(),
  gate: z.string(),
  date: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().min(0).max(1),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  report: ZPlanWhatIfReportSchema.nullable(),
});
export type PlanWhatIfStatus = z.infer<typeof ZPlanWhatIfStatusSchema>;
