/**
 * The priority rule of a gate as ONE versioned document: the classes, the interleave, aging and
 * the appointment grace that the Lua scheduler (commands/includes/policy.lua) and the TypeScript
 * `pickNext` (@borderflow/scheduler) both read. A gate publishes its own versions
 * (PUT /v1/gates/:gate/policy); DEFAULT_POLICY_DOCUMENT is what a new gate starts with and what
 * the Lua scripts fall back to, so the default is written here and nowhere else.
 */
import { z } from 'zod';
import { ZPriorityClassSchema } from './domain.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const ZPolicyConfigSchema = z
  .object({
    /** The fixed call order, e.g. 1 perishable, 1 trusted, 5 ordinary. */
    interleave: z.array(ZPriorityClassSchema).min(1, 'interleave must list at least one class').max(100),
    /** A truck waiting longer than this is called before the interleave (no starvation). */
    agingMs: z.number().int().positive(),
    /** Time a called truck has to reach its lane. */
    callUpTimeoutMs: z.number().int().positive(),
    /** Added to a no-show's queue score on its first re-queue. */
    noShowPenaltyMs: z.number().int().nonnegative(),
    /** Arriving before slot start + grace keeps the slot's place. */
    appointmentGraceMs: z.number().int().nonnegative(),
    /** Trucks/hour the far side accepts per direction; 0 = unlimited. */
    crossCapPerHour: z
      // 10 000 an hour is far beyond any road gate; a bigger number is a typo or a probe.
      .object({ exit: z.number().int().nonnegative().max(10_000), entry: z.number().int().nonnegative().max(10_000) })
      .strict(),
  })
  .strict();
export type PolicyConfig = z.infer<typeof ZPolicyConfigSchema>;

/** A policy with the version it was published as (GET /v1/gates/:gate/policy shows this document). */
export const ZPolicyDocumentSchema = z
  .object({
    /** 1 for a gate's first publication, +1 for each new one; every call-up records it. */
    version: z.number().int().nonnegative(),
    policy: ZPolicyConfigSchema,
  })
  .strict();
export type PolicyDocument = z.infer<typeof ZPolicyDocumentSchema>;

/**
 * The policy a new gate starts with, published as its version 1. Changing it changes who is
 * called first at every gate that never published its own: bump `version` with it (policy.test.ts pins both).
 */
export const DEFAULT_POLICY_DOCUMENT: PolicyDocument = {
  version: 1,
  policy: {
    interleave: ['perishable', 'trusted', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary'],
    agingMs: 2 * HOUR,
    callUpTimeoutMs: 10 * MINUTE,
    noShowPenaltyMs: 15 * MINUTE,
    appointmentGraceMs: 30 * MINUTE,
    crossCapPerHour: { exit: 60, entry: 0 },
  },
};

/** The default policy's parameters (DEFAULT_POLICY_DOCUMENT.policy). */
export const DEFAULT_POLICY: PolicyConfig = DEFAULT_POLICY_DOCUMENT.policy;
