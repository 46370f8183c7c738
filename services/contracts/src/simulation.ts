/**
 * The gate simulator's files and answers: scenarios and named policies (JSON
 * files in simulators/scenarios), a run request (POST /v1/simulations), a run's
 * status (GET /v1/simulations/:id) and the report it produces (JSON, also
 * rendered as a self-contained HTML page). Times in reports are minutes of
 * simulated time, rounded to 0.1; hours are local hours of the simulated day.
 */
import { z } from 'zod';
import { ZLaneIdSchema } from './common.ts';
import { ZLaneStatusSchema, ZPriorityClassSchema, ZStageSchema } from './domain.ts';
import { ZPolicyConfigSchema } from './policy.ts';

/** Scenario and policy ids are file names: kebab-case. */
export const ZSimIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1–64 characters of a–z, 0–9 and -, e.g. kim-thanh-normal');

/** A duration drawn per truck, in minutes of simulated time. */
export const ZSimDistributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), minutes: z.number().nonnegative() }).strict(),
  z.object({ kind: z.literal('uniform'), minMinutes: z.number().nonnegative(), maxMinutes: z.number().nonnegative() })
    .strict()
    .refine((d) => d.maxMinutes >= d.minMinutes, { message: 'maxMinutes must be at least minMinutes', path: ['maxMinutes'] }),
  z.object({
    kind: z.literal('triangular'),
    minMinutes: z.number().nonnegative(),
    modeMinutes: z.number().nonnegative(),
    maxMinutes: z.number().nonnegative(),
  })
    .strict()
    .refine((d) => d.minMinutes <= d.modeMinutes && d.modeMinutes <= d.maxMinutes, {
      message: 'needs minMinutes ≤ modeMinutes ≤ maxMinutes', path: ['modeMinutes'],
    }),
  z.object({ kind: z.literal('exponential'), meanMinutes: z.number().positive() }).strict(),
  /** Log-normal with the given mean and coefficient of variation (sd/mean): long right tail. */
  z.object({ kind: z.literal('lognormal'), meanMinutes: z.number().positive(), cv: z.number().positive().max(5) }).strict(),
]);
export type SimDistribution = z.infer<typeof ZSimDistributionSchema>;

/** An hour of the simulated day, 0–24 (decimals allowed: 21.5 = 21:30). */
const ZHourSchema = z.number().min(0).max(48);

/** Something that goes wrong during the day. */
export const ZSimDisruptionSchema = z.discriminatedUnion('kind', [
  /** A lane out of service from `fromHour` to `toHour` (e.g. an X-ray lane in maintenance). */
  z.object({
    kind: z.literal('lane_outage'),
    laneId: ZLaneIdSchema,
    status: ZLaneStatusSchema.exclude(['open']).default('maintenance'),
    fromHour: ZHourSchema,
    toHour: ZHourSchema,
    reason: z.string().max(200).default('maintenance'),
  }).strict(),
  /**
   * The customs system (VNACCS) is down: trucks arriving in the window get no channel decision
   * until it is back (+ a per-truck delay to work off the backlog). They wait on hold after the
   * documents stage, or in their queue, until their decision arrives.
   */
  z.object({
    kind: z.literal('customs_outage'),
    fromHour: ZHourSchema,
    toHour: ZHourSchema,
    decisionDelay: ZSimDistributionSchema,
  }).strict(),
]);
export type SimDisruption = z.infer<typeof ZSimDisruptionSchema>;

const ZShareSchema = z.number().min(0).max(1);

/**
 * A scenario's or policy's title and description in Vietnamese and Chinese (English is the file's
 * own `title`/`description`): the console's list and the report show the reader's.
 */
const ZSimWordingSchema = z.object({ title: z.string().min(1).max(120), description: z.string().max(2000).optional() }).strict();
export const ZSimTranslationsSchema = z.object({ vi: ZSimWordingSchema.optional(), zh: ZSimWordingSchema.optional() }).strict();
export type SimTranslations = z.infer<typeof ZSimTranslationsSchema>;

/** A scenario file (simulators/scenarios/<id>.json). */
export const ZSimScenarioSchema = z
  .object({
    id: ZSimIdSchema,
    title: z.string().min(1).max(120),
    description: z.string().max(2000).default(''),
    translations: ZSimTranslationsSchema.optional(),
    gate: z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/).default('KT'),
    /** The simulated day (local time, UTC+7), e.g. 2026-06-15. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').default('2026-06-15'),
    /** Simulated time from local midnight; trucks still inside at the end are reported as such. */
    durationHours: z.number().positive().max(72).default(24),
    /** Policy used when the run names none (a file in simulators/scenarios/policies). */
    policy: ZSimIdSchema.default('default'),
    arrivals: z.object({
      /** Expected trucks per day (the profile is scaled to it). */
      trucksPerDay: z.number().positive().max(20_000),
      /** Relative arrival intensity per local hour 0..23 (a non-homogeneous Poisson process). */
      hourlyProfile: z.array(z.number().nonnegative()).length(24)
        .refine((p) => p.some((w) => w > 0), { message: 'hourlyProfile needs at least one hour above 0' }),
      /** Share of trucks leaving Vietnam (the rest enter). */
      exitShare: ZShareSchema.default(0.6),
    }).strict(),
    /** Lanes open at `openHour` and close at `closeHour` (trucks may wait in the yard overnight). */
    openingHours: z.object({ openHour: ZHourSchema, closeHour: ZHourSchema }).strict()
      .refine((o) => o.closeHour > o.openHour, { message: 'closeHour must be after openHour', path: ['closeHour'] }),
    /** Customs channel weights (green/yellow/red) and how red trucks are inspected. */
    channelMix: z.object({
      green: z.number().nonnegative(),
      yellow: z.number().nonnegative(),
      red: z.number().nonnegative(),
      /** Share of red-channel trucks inspected physically (the rest by X-ray). */
      redPhysicalShare: ZShareSchema.default(0.3),
    }).strict(),
    cargo: z.object({
      /** Empty trucks returning (class empty_return, no cargo). */
      emptyShare: ZShareSchema.default(0.08),
      /** Loaded, non-perishable trucks of trusted traders (class trusted). */
      trustedShare: ZShareSchema.default(0.15),
      /** Multiplies the catalog weight of perishable goods (lychee season: > 1). */
      perishableFactor: z.number().nonnegative().default(1),
      /** Share of quarantine inspections whose samples go to the lab: the truck is held meanwhile. */
      labSampleShare: ZShareSchema.default(0.05),
      labHold: ZSimDistributionSchema.default({ kind: 'uniform', minMinutes: 120, maxMinutes: 240 }),
    }).strict().default({ emptyShare: 0.08, trustedShare: 0.15, perishableFactor: 1, labSampleShare: 0.05,
      labHold: { kind: 'uniform', minMinutes: 120, maxMinutes: 240 } }),
    /** Per-stage service time at the lane; stages not named use the simulator's defaults. */
    serviceTimes: z.partialRecord(ZStageSchema, ZSimDistributionSchema).default({}),
    /** Share of X-ray/physical inspections that turn the truck back. */
    turnedBackShare: ZShareSchema.default(0.01),
    travel: z.object({
      /** From the staging yard to the called lane. */
      yardToLane: ZSimDistributionSchema,
      /** From one lane to the next stage's lane. */
      betweenLanes: ZSimDistributionSchema,
      /** Drivers who never answer a call-up (re-queued once with a penalty, then dropped). */
      noShowShare: ZShareSchema,
      /** Drivers who come, but late: their travel is longer by `lateExtra`. */
      lateShare: ZShareSchema,
      lateExtra: ZSimDistributionSchema,
    }).strict(),
    /** What the far side accepts per day; paced evenly over the opening hours (policy crossCapPerHour). */
    farSideCapPerDay: z.object({ exit: z.number().int().positive().optional(), entry: z.number().int().positive().optional() })
      .strict().optional(),
    disruptions: z.array(ZSimDisruptionSchema).max(50).default([]),
  })
  .strict();
export type SimScenario = z.infer<typeof ZSimScenarioSchema>;
export type SimScenarioInput = z.input<typeof ZSimScenarioSchema>;

/** A named policy file (simulators/scenarios/policies/<id>.json): fields over DEFAULT_POLICY. */
export const ZSimPolicyFileSchema = z
  .object({
    id: ZSimIdSchema,
    title: z.string().min(1).max(120),
    description: z.string().max(2000).default(''),
    translations: ZSimTranslationsSchema.optional(),
    policy: ZPolicyConfigSchema.partial(),
  })
  .strict();
export type SimPolicyFile = z.infer<typeof ZSimPolicyFileSchema>;

/** GET /v1/simulations/scenarios */
export const ZSimCatalogSchema = z.object({
  scenarios: z.array(z.object({
    id: ZSimIdSchema,
    title: z.string(),
    description: z.string(),
    translations: ZSimTranslationsSchema.optional(),
    trucksPerDay: z.number(),
    durationHours: z.number(),
    policy: ZSimIdSchema,
  })),
  policies: z.array(z.object({ id: ZSimIdSchema, title: z.string(), description: z.string(), translations: ZSimTranslationsSchema.optional() })),
});
export type SimCatalog = z.infer<typeof ZSimCatalogSchema>;

/** POST /v1/simulations */
export const ZSimRunRequestSchema = z
  .object({
    scenario: ZSimIdSchema,
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    /** One policy, or several to compare on the same seed (the first is the baseline). */
    policies: z.array(ZSimIdSchema).min(1).max(4).optional(),
  })
  .strict();
export type SimRunRequest = z.infer<typeof ZSimRunRequestSchema>;

/** Percentiles of a set of durations, minutes; null when there were no samples. */
export const ZSimWaitStatsSchema = z.object({
  count: z.number().int().nonnegative(),
  meanMin: z.number().nullable(),
  p50Min: z.number().nullable(),
  p90Min: z.number().nullable(),
  p99Min: z.number().nullable(),
  maxMin: z.number().nullable(),
});
export type SimWaitStats = z.infer<typeof ZSimWaitStatsSchema>;

/** The result of one scenario under one policy. */
export const ZSimPolicyRunSchema = z.object({
  policy: z.object({ id: ZSimIdSchema, title: z.string(), translations: ZSimTranslationsSchema.optional(), config: ZPolicyConfigSchema }),
  wallMs: z.number().nonnegative(),
  /** Scheduler commands sent (each one Lua script) and events read back. */
  commands: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  trucks: z.object({
    arrived: z.number().int().nonnegative(),
    crossed: z.number().int().nonnegative(),
    turnedBack: z.number().int().nonnegative(),
    droppedNoShow: z.number().int().nonnegative(),
    /** Still in the gate (yard, lanes, held, exit queue) when the simulated time ended. */
    inGateAtEnd: z.number().int().nonnegative(),
    byClass: z.partialRecord(ZPriorityClassSchema, z.number().int().nonnegative()),
  }),
  /** Per hour of simulated time: trucks arrived, first call-ups, stages completed, crossed. */
  throughputPerHour: z.array(z.object({
    hour: z.number().int().nonnegative(),
    arrived: z.number().int().nonnegative(),
    called: z.number().int().nonnegative(),
    completed: z.number().int().nonnegative(),
    crossed: z.number().int().nonnegative(),
  })),
  /** Waits from queued (for a stage) to called, per class, per stage, and arrival→first call-up. */
  waits: z.object({
    firstCallUp: ZSimWaitStatsSchema,
    /** Arrival → crossing (time in the gate) of trucks that crossed. */
    timeInGate: ZSimWaitStatsSchema,
    byClass: z.partialRecord(ZPriorityClassSchema, ZSimWaitStatsSchema),
    byStage: z.partialRecord(ZStageSchema, ZSimWaitStatsSchema),
  }),
  lanes: z.array(z.object({
    laneId: z.string(),
    name: z.string(),
    /** Minutes inspecting (start → complete). */
    busyMin: z.number().nonnegative(),
    /** Minutes held for a truck: called (driving from the yard), at the lane, or inspecting. */
    occupiedMin: z.number().nonnegative(),
    /** Minutes the lane was open. */
    openMin: z.number().nonnegative(),
    /** busyMin / openMin (0 when never open). */
    utilisation: z.number().min(0).max(1),
    inspections: z.number().int().nonnegative(),
    byStage: z.partialRecord(ZStageSchema, z.number().int().nonnegative()),
  })),
  /** Trucks waiting per stage queue, held, and in the exit queue, sampled every `intervalMin`. */
  queueLengths: z.object({
    intervalMin: z.number().positive(),
    samples: z.array(z.object({
      minute: z.number().nonnegative(),
      byStage: z.partialRecord(ZStageSchema, z.number().int().nonnegative()),
      held: z.number().int().nonnegative(),
      exitQueue: z.number().int().nonnegative(),
    })),
  }),
  /**
   * The scheduler's ETA at check-in (its predicted call-up time) against the actual first call-up,
   * for trucks that had to wait. Error = predicted − actual (positive: called earlier than promised).
   */
  eta: z.object({
    samples: z.number().int().nonnegative(),
    absErrorP50Min: z.number().nullable(),
    absErrorP90Min: z.number().nullable(),
    meanErrorMin: z.number().nullable(),
    /** |error| / actual wait, per truck. */
    relErrorP50: z.number().nullable(),
    relErrorP90: z.number().nullable(),
    /** median |error| / median actual wait. */
    medianAbsErrorOverMedianWait: z.number().nullable(),
    /** Up to 400 (predicted, actual) pairs in minutes for a scatter chart. */
    points: z.array(z.tuple([z.number(), z.number()])),
  }),
  /** Overtakes the published policy does not explain (must be 0) and the ones it does, by rule. */
  fairness: z.object({
    comparedPairs: z.number().int().nonnegative(),
    overtakes: z.number().int().nonnegative(),
    unexplained: z.number().int().nonnegative(),
    explainedBy: z.record(z.string(), z.number().int().nonnegative()),
    examples: z.array(z.object({
      earlier: z.string(), later: z.string(), stage: ZStageSchema, priorityClass: ZPriorityClassSchema, note: z.string(),
    })).max(20),
  }),
  /** Call-ups by the rule that chose them (aging, interleave, direct). */
  callUpsByRule: z.record(z.string(), z.number().int().nonnegative()),
});
export type SimPolicyRun = z.infer<typeof ZSimPolicyRunSchema>;

/** One line of a side-by-side comparison of policies. */
export const ZSimComparisonRowSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  /** Value per policy id; null when it has no samples. */
  values: z.record(z.string(), z.number().nullable()),
  /** Whether a smaller value is better (for highlighting). */
  lowerIsBetter: z.boolean(),
});
export type SimComparisonRow = z.infer<typeof ZSimComparisonRowSchema>;

/** The report of one simulation run (one scenario, one seed, one or more policies). */
export const ZSimReportSchema = z.object({
  version: z.literal(1),
  scenario: ZSimScenarioSchema,
  seed: z.number().int().nonnegative(),
  generatedAt: z.string(),
  /** Wall time of the whole run, and simulated trucks per wall-second. */
  wallMs: z.number().nonnegative(),
  trucksPerWallSecond: z.number().nonnegative(),
  runs: z.array(ZSimPolicyRunSchema).min(1),
  /** Present when more than one policy ran: the first is the baseline. */
  comparison: z.object({ baseline: ZSimIdSchema, rows: z.array(ZSimComparisonRowSchema) }).nullable(),
});
export type SimReport = z.infer<typeof ZSimReportSchema>;

/** GET /v1/simulations/:id */
export const ZSimRunStatusSchema = z.object({
  id: z.string(),
  scenario: ZSimIdSchema,
  seed: z.number().int().nonnegative(),
  policies: z.array(ZSimIdSchema),
  status: z.enum(['running', 'done', 'failed']),
  /** 0..1 over all policies' simulated hours. */
  progress: z.number().min(0).max(1),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** The report once `status` is done. */
  report: ZSimReportSchema.nullable(),
});
export type SimRunStatus = z.infer<typeof ZSimRunStatusSchema>;

/** POST /v1/simulations answers 202 with the run's id (poll GET /v1/simulations/:id). */
export const ZSimRunAcceptedSchema = z.object({ id: z.string() });
export type SimRunAccepted = z.infer<typeof ZSimRunAcceptedSchema>;

/** Path parameters of GET /v1/simulations/:id(/report.html). */
export const ZSimRunParamsSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a simulation run id (a UUID)'),
});

/**
 * Simulations run as BullMQ jobs (issue 11): the API enqueues a run on the platform's Redis and
 * stores it in the database (`simulation_runs`); a simulation worker (simulators/traffic, an app)
 * runs it. These names are the whole contract between the two, so neither imports the other.
 * One hash tag `{sim}` for every key: BullMQ's scripts and ours stay in one Redis Cluster slot.
 */
export const SIM_QUEUE = 'simulations';

/** BullMQ `prefix` of the simulations queue under the platform's key prefix. */
export const simQueuePrefix = (prefix: string): string => `${prefix}{sim}`;

/**
 * The scenario and policy catalog (ZSimCatalogSchema as JSON), published by the worker that owns
 * the scenario files when it starts, read by the API: the API serves what a worker can run.
 */
export const simCatalogKey = (prefix: string): string => `${prefix}{sim}:catalog`;

/** Holds the id of the run in progress: one simulation at a time across every API process. */
export const simActiveKey = (prefix: string): string => `${prefix}{sim}:active`;

/** KEYS[1] = simActiveKey, ARGV[1] = a run id: frees the one-run slot only if that run still holds it. */
export const SIM_RELEASE_SLOT_LUA = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** A job of the simulations queue: the run's parameters are its database row. */
export const ZSimJobDataSchema = z.object({ runId: z.string() }).strict();
export type SimJobData = z.infer<typeof ZSimJobDataSchema>;

/** Life of the active-run key; the worker renews it while the run makes progress, so a crashed run frees the slot. */
export const SIM_ACTIVE_TTL_MS = 10 * 60_000;

/**
 * A scenario's or policy's title and description in the reader's language (the English ones when
 * there is no translation).
 *
 * @example
 * simWording(scenario, 'vi').title; // 'Kim Thành, một ngày bình thường'
 */
export function simWording(
  item: { title: string; description?: string; translations?: SimTranslations | undefined },
  locale: string,
): { title: string; description: string } {
  const t = locale === 'vi' || locale === 'zh' ? item.translations?.[locale] : undefined;
  return { title: t?.title ?? item.title, description: t?.description ?? item.description ?? '' };
}
