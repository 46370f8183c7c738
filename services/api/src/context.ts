/**
 * Everything a route or the live gateway needs, created once by the platform
 * (or a test) and passed down explicitly: no module-level singletons, so
 * several apps can live in one process.
 */
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import type { AgencyAdapters, DecisionPollers } from '@borderflow/customs';
import type { Logger } from 'pino';
import { AppError } from './app-error.ts';
import type { AuthConfig } from './auth/auth-config.ts';
import type { ApiMetrics } from './metrics.ts';

export interface ApiContext {
  db: PrismaClient;
  /** Shared command connection (never used for blocking reads). */
  redis: Redis;
  /** One scheduler per gate code. */
  schedulers: ReadonlyMap<string, GateScheduler>;
  auth: AuthConfig;
  logger: Logger;
  metrics: ApiMetrics;
  /** Agency adapters (services/customs), when any is configured. */
  agencies?: AgencyAdapters;
  /** Their VNACCS decision pollers, in the process that runs them. */
  agencyPollers?: DecisionPollers;
}

/**
 * The scheduler of a gate, or 404 naming the `gate` field.
 *
 * @example
 * const scheduler = schedulerOf(ctx, 'KT');
 */
export function schedulerOf(ctx: Pick<ApiContext, 'schedulers'>, gate: string): GateScheduler {
  const s = ctx.schedulers.get(gate);
  if (!s) throw new AppError('NOT_FOUND', `Gate ${gate} not found`, 'gate');
  return s;
}
