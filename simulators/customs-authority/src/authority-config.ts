/**
 * What the simulated customs authority does, as a validated configuration:
 * the systems it plays (profiles: a VNACCS-style customs system, a WCO/EDIFACT
 * one, a quarantine or border-guard webhook…), how it decides channels (risk
 * ratios), how slow and unreliable it is (latency, scheduled outages,
 * duplicate and out-of-order deliveries), and how often it amends.
 * All durations are in simulated ms; `speed` simulated ms pass per real ms.
 */
import { z } from 'zod';
import { ZAdapterKindSchema, ZAgencySchema, ZSystemIdSchema } from '@borderflow/contracts';

const range = z
  .object({ min: z.number().min(0), max: z.number().min(0) })
  .strict()
  .refine((r) => r.max >= r.min, { message: 'max must be at least min' });

export const ZAuthorityProfileSchema = z
  .object({
    /** Path segment: notices go to POST /inbox/<name>, polling is GET /poll/<name>. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
    kind: ZAdapterKindSchema,
    agency: ZAgencySchema,
    /** The authority's own system id (envelope `sender` of its decisions). */
    systemId: ZSystemIdSchema,
    /** Keys shared with BorderFlow (verify what comes in, sign what goes out). */
    keys: z.array(z.object({ id: z.string(), secret: z.string().min(16) }).strict()).min(1),
    /** Where decisions are POSTed (BorderFlow's /v1/agencies/<adapter>/decisions); null = polling only. */
    callbackUrl: z.url().nullable().default(null),
    /** Keep decisions for GET /poll/<name> (VNACCS polling mode). */
    poll: z.boolean().default(false),
    /** Does this system decide on notices at all (a far-side gate only records gate events). */
    decides: z.boolean().default(true),
  })
  .strict();
export type AuthorityProfile = z.infer<typeof ZAuthorityProfileSchema>;
export type AuthorityProfileInput = z.input<typeof ZAuthorityProfileSchema>;

export const ZAuthorityConfigSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.string().default('127.0.0.1'),
    seed: z.number().int().optional(),
    /** Simulated ms per real ms (60: a minute passes in a second). */
    speed: z.number().positive().default(1),
    /** Risk-based channel shares, e.g. 60 % green, 30 % yellow, 10 % red. */
    channelRatios: z
      .object({ green: z.number().min(0), yellow: z.number().min(0), red: z.number().min(0) })
      .strict()
      .default({ green: 60, yellow: 30, red: 10 }),
    /** HS code prefixes that always go red (a risk profile, e.g. 2402 cigarettes). */
    riskyHsPrefixes: z.array(z.string().regex(/^\d{2,8}$/)).default(['2402', '9303']),
    /** Share of red decisions asking for a physical check instead of X-ray. */
    physicalShare: z.number().min(0).max(1).default(0.3),
    /** Time from a notice to its decision. */
    decisionDelayMs: range.default({ min: 30_000, max: 240_000 }),
    /** Time the authority takes to answer a request. */
    latencyMs: range.default({ min: 20, max: 200 }),
    /** Scheduled outages: from `startMs` after start, for `durationMs`, every request fails with 503. */
    outages: z.array(z.object({ startMs: z.number().min(0), durationMs: z.number().positive() }).strict()).default([]),
    /** Share of decisions sent twice (same messageId). */
    duplicateRate: z.number().min(0).max(1).default(0.05),
    /** Share of amended declarations whose amendment is delivered before the original decision. */
    outOfOrderRate: z.number().min(0).max(1).default(0.3),
    /** Share of declarations amended after the first decision (new amendment digit, often a new channel). */
    amendmentRate: z.number().min(0).max(1).default(0.1),
    /** Share of plant/animal consignments a quarantine profile holds before releasing. */
    holdRate: z.number().min(0).max(1).default(0.3),
    profiles: z.array(ZAuthorityProfileSchema).min(1),
  })
  .strict();
export type AuthorityConfig = z.infer<typeof ZAuthorityConfigSchema>;
export type AuthorityConfigInput = z.input<typeof ZAuthorityConfigSchema>;
