/**
 * The published priority policy of a gate (PUT /v1/gates/:gate/policy).
 * Mirrors `PolicyConfig` of @borderflow/scheduler.
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
      .object({ exit: z.number().int().nonnegative(), entry: z.number().int().nonnegative() })
      .strict(),
  })
  .strict();
export type PolicyConfig = z.infer<typeof ZPolicyConfigSchema>;

/** The policy a new gate starts with. */
export const DEFAULT_POLICY: PolicyConfig = {
  interleave: ['perishable', 'trusted', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'ordinary'],
  agingMs: 2 * HOUR,
  callUpTimeoutMs: 10 * MINUTE,
  noShowPenaltyMs: 15 * MINUTE,
  appointmentGraceMs: 30 * MINUTE,
  crossCapPerHour: { exit: 60, entry: 0 },
};
