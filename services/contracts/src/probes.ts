/**
 * What the probes outside /v1 answer (services/api/src/routes/health.ts): documented in /openapi.json
 * for load balancers and monitoring, and the api's tests check the real answers against these.
 */
import { z } from 'zod';

/** GET /healthz: the process answers (liveness; says nothing about Redis or the database). */
export const ZHealthzResponseSchema = z.object({
  status: z.literal('ok'),
  /** Seconds since the process started. */
  uptimeS: z.number().int().min(0),
});

/** One dependency's probe: answered within 2 s, or why not. */
export const ZReadinessCheckSchema = z.object({
  name: z.enum(['redis', 'database']),
  ok: z.boolean(),
  error: z.string().optional(),
});

/**
 * GET /readyz: `ready` (200), `degraded` (200: the database is away, the gate still queues and calls
 * trucks on Redis) or `unavailable` (503: Redis is away; take the process out of rotation).
 */
export const ZReadyzResponseSchema = z.object({
  status: z.enum(['ready', 'degraded', 'unavailable']),
  checks: z.array(ZReadinessCheckSchema),
});
