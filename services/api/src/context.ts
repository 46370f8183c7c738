/**
 * Everything a route or the live gateway needs, created once by the platform
 * (or a test) and passed down explicitly: no module-level singletons, so
 * several apps can live in one process.
 */
import type { Cluster, Redis } from 'ioredis';
import type { PrismaClient } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import type { AgencyAdapters, DecisionPollers } from '@borderflow/customs';
import type { Logger } from 'pino';
import type { DeviceAlert } from '@borderflow/contracts';
import { AppError } from './app-error.ts';
import type { AuthConfig } from './auth/auth-config.ts';
import type { SessionRevocations } from './auth/session-revocations.ts';
import type { ApiMetrics } from './metrics.ts';
import type { CompanyFeed } from './live/company-feed.ts';
import { REFUSALS } from './http/refusal-words.ts';

export interface ApiContext {
  db: PrismaClient;
  /** Shared command connection (never used for blocking reads). */
  redis: Redis | Cluster;
  /** One scheduler per gate code. */
  schedulers: ReadonlyMap<string, GateScheduler>;
  auth: AuthConfig;
  /** Revoked sessions and users, shared by every process through Redis. */
  revocations: SessionRevocations;
  /** Redis key prefix of every key of ours. */
  prefix: string;
  logger: Logger;
  metrics: ApiMetrics;
  /** Each company's live feed of its trips (live/company-feed.ts): appended by the fan-out, followed over /live and SSE. */
  companyFeed: CompanyFeed;
  /** Agency adapters (services/customs), when any is configured. */
  agencies?: AgencyAdapters;
  /** Their VNACCS decision pollers, in the process that runs them. */
  agencyPollers?: DecisionPollers;
  /** Webhooks may go to private and loopback addresses (tests, the demo); set by the notify wiring. */
  allowPrivateWebhooks?: boolean;
  /** The Web Push application server key browsers subscribe with; set by the notify wiring. */
  vapidPublicKey?: string;
  /** The province feed's pseudonym secret (province/pseudonym.ts); read from the environment when absent. */
  provincePseudonymSecret?: string;
  /** Pushes a device alert (wrong truck, silent device) to the gate's live room; set by the platform that serves sockets. */
  onDeviceAlert?: (gate: string, alert: DeviceAlert) => void;
}

/**
 * The scheduler of a gate, or 404 naming the `gate` field.
 *
 * @example
 * const scheduler = schedulerOf(ctx, 'KT');
 */
export function schedulerOf(ctx: Pick<ApiContext, 'schedulers'>, gate: string): GateScheduler {
  const s = ctx.schedulers.get(gate);
  if (!s) throw AppError.worded('NOT_FOUND', REFUSALS.gateNotFound(gate), 'gate');
  return s;
}
