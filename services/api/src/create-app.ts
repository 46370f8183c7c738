/**
 * The Express application (no listen): security headers, JSON body limit,
 * request logging and metrics, every /v1 route, probes and docs, the console's
 * static files, and the uniform error rendering.
 */
import express, { type Express } from 'express';
import type { Cluster, Redis } from 'ioredis';
import type { PrismaClient } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import type { ApiContext } from './context.ts';
import { loadAuthConfig, type AuthConfig } from './auth/auth-config.ts';
import { authRoutes } from './auth/login-route.ts';
import type { LoginBackoff } from './auth/login-limiter.ts';
import { sessionRoutes } from './auth/session-routes.ts';
import { SessionRevocations } from './auth/session-revocations.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { provinceRoutes } from './routes/province.ts';
import { dataConsumerRoutes } from './routes/data-consumers.ts';
import { deviceRoutes } from './routes/devices.ts';
import { gateSignalRoutes } from './routes/gate-signals.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { displayTokenRoutes } from './routes/display-tokens.ts';
import { companyWebhookRoutes } from './routes/company-webhooks.ts';
import { companyFeedRoutes } from './routes/company-feed.ts';
import { pushSubscriptionRoutes } from './routes/push-subscriptions.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type ApiMetrics } from './metrics.ts';
import { ApiRouter } from './http/api-router.ts';
import { errorHandler, methodNotAllowed, notFoundHandler } from './http/error-handler.ts';
import { requestFrame } from './http/request-frame.ts';
import { jsonBody } from './http/json-body.ts';
import { inTurn } from './http/in-turn.ts';
import { IdempotencyStore } from './http/idempotency.ts';
import { consoleStatic } from './http/console-static.ts';
import { tripRoutes } from './routes/trips.ts';
import { passRoutes } from './routes/pass.ts';
import { tripRevisionRoutes } from './routes/trip-revisions.ts';
import { vehicleRoutes } from './routes/vehicles.ts';
import { checkInRoutes } from './routes/check-ins.ts';
import { laneRoutes } from './routes/lanes.ts';
import { queueRoutes } from './routes/queue.ts';
import { statsRoutes } from './routes/stats.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { publicWaitsRoutes } from './routes/public-waits.ts';
import { policyRoutes } from './routes/policy.ts';
import { agencyDecisionRoutes } from './routes/agency-decisions.ts';
import { agencyAdapterRoutes, parsesAsJson } from './routes/agency-adapters.ts';
import { healthRoutes } from './routes/health.ts';
import { auditRoutes } from './routes/audit.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { demoFeederRoutes } from './routes/demo-feeder.ts';
import { loadMetricsAccess, type MetricsAccess } from './http/metrics-access.ts';
import { responseCheck, responseValidationEnabled } from './http/response-check.ts';
import { loadRequestRateLimit, requestRateLimiter, type RequestRateLimit } from './http/request-rate-limit.ts';
import { CompanyFeed } from './live/company-feed.ts';

export const API_VERSION = '0.1.0';
/** Largest JSON body accepted, in bytes (64 KiB); larger ones get 413 PAYLOAD_TOO_LARGE. */
export const JSON_BODY_LIMIT = 64 * 1024;

export interface ApiContextInput {
  db: PrismaClient;
  redis: Redis | Cluster;
  schedulers: ReadonlyMap<string, GateScheduler>;
  auth?: AuthConfig;
  /** Redis key prefix (default `bf:`). */
  prefix?: string;
  logger?: Logger;
  metrics?: ApiMetrics;
  /** The province feed's pseudonym secret; read from the environment on first use when absent. */
  provincePseudonymSecret?: string;
}

/**
 * Fills in the defaults of an API context (auth from the environment, a pino
 * logger at LOG_LEVEL, a fresh metrics registry).
 *
 * @example
 * const ctx = createApiContext({ db: db.prisma, redis, schedulers: new Map([['KT', kt]]) });
 */
export function createApiContext(input: ApiContextInput): ApiContext {
  const logger = input.logger ?? createLogger();
  const prefix = input.prefix ?? 'bf:';
  const ctx: Omit<ApiContext, 'companyFeed'> = {
    prefix,
    revocations: new SessionRevocations(input.redis, prefix, input.db),
    db: input.db,
    redis: input.redis,
    schedulers: input.schedulers,
    logger,
    auth: input.auth ?? loadAuthConfig(process.env, logger),
    metrics: input.metrics ?? createMetrics(),
    ...(input.provincePseudonymSecret ? { provincePseudonymSecret: input.provincePseudonymSecret } : {}),
  };
  return { ...ctx, companyFeed: new CompanyFeed(ctx) };
}

export interface AppOptions {
  /** Parse every JSON answer against its route's response schema (default: responseValidationEnabled(), i.e. not in production). */
  validateResponses?: boolean;
  /** This deployment runs the demo traffic feeder (its admin switch says so). */
  feederConfigured?: boolean;
  /** Directory served at `/` (the console); a placeholder page when absent. */
  staticDir?: string | null;
  loginBackoff?: Partial<LoginBackoff>;
  /** Express `trust proxy` (set it behind a reverse proxy so rate limits see client IPs). */
  trustProxy?: boolean | number | string;
  /** Who may read /metrics (default: METRICS_TOKEN / METRICS_PORT from the environment; off without either). */
  metrics?: MetricsAccess;
  /** Requests per IP and per account (default: RATE_LIMIT_* from the environment); false = no limit. */
  requestRateLimit?: RequestRateLimit | false;
  /** Redis key prefix of the rate-limit counters (default `bf:`). */
  redisPrefix?: string;
}

/**
 * TRUST_PROXY as Express takes it: unset/`false` = none, `true`, a hop count (`1`), or addresses/subnets
 * (`loopback, 10.0.0.0/8`). Behind a reverse proxy, set it, or every client shares the proxy's IP budget.
 */
function trustProxyFromEnv(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

const PLACEHOLDER_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>BorderFlow</title></head>
<body><h1>BorderFlow</h1><p>The console is not installed in this build. API: <a href="/docs">/docs</a></p></body></html>`;

/**
 * @example
 * const app = createApp(ctx, { staticDir: consoleStaticDir });
 * http.createServer(app).listen(3000);
 */
export function createApp(ctx: ApiContext, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? trustProxyFromEnv(process.env.TRUST_PROXY));
  // Express 5 parses `?a[b]=c` only with the extended parser; the API's queries are flat.
  app.set('query parser', 'simple');

  const router = express.Router();
  const limits = options.requestRateLimit ?? loadRequestRateLimit(process.env);
  const limiter = limits ? requestRateLimiter(ctx.redis, options.redisPrefix ?? 'bf:', limits) : undefined;
  const idempotency = new IdempotencyStore(ctx.redis, options.redisPrefix ?? 'bf:');
  const api = new ApiRouter(router, ctx.auth, ctx.revocations, limiter, idempotency, ctx.db,
    (options.validateResponses ?? responseValidationEnabled()) ? responseCheck(ctx.logger) : undefined);
  authRoutes(api, ctx, options.loginBackoff);
  sessionRoutes(api, ctx);
  adminUserRoutes(api, ctx);
  apiKeyRoutes(api, ctx);
  tripRoutes(api, ctx, idempotency);
  passRoutes(api, ctx);
  tripRevisionRoutes(api, ctx);
  vehicleRoutes(api, ctx);
  checkInRoutes(api, ctx);
  laneRoutes(api, ctx);
  queueRoutes(api, ctx);
  statsRoutes(api, ctx);
  simulationRoutes(api, ctx);
  publicWaitsRoutes(api, ctx);
  policyRoutes(api, ctx);
  agencyDecisionRoutes(api, ctx);
  agencyAdapterRoutes(api, ctx);
  auditRoutes(api, ctx);
  bookingRoutes(api, ctx);
  demoFeederRoutes(api, ctx, options.feederConfigured ?? false);
  displayTokenRoutes(api, ctx);
  companyWebhookRoutes(api, ctx);
  companyFeedRoutes(api, ctx);
  pushSubscriptionRoutes(api, ctx);
  provinceRoutes(api, ctx);
  dataConsumerRoutes(api, ctx);
  deviceRoutes(api, ctx);
  gateSignalRoutes(api, ctx);
  healthRoutes(router, ctx, () => api.docs, API_VERSION, options.metrics ?? loadMetricsAccess(process.env));
  const errors = errorHandler(ctx.logger);
  // The first layer of every request, three middlewares in turn (http/in-turn.ts: one walk of Express' stack, not three):
  app.use(inTurn(
    // security headers, request id, access log and metrics (http/request-frame.ts);
    requestFrame(ctx.logger, ctx.metrics),
    // the JSON body, not for the agencies' signed decisions: their signature is checked on the raw bytes before any parsing;
    jsonBody(JSON_BODY_LIMIT, parsesAsJson),
    // parameterless routes by one lookup, before the router's walk over every route (api-router.ts); their
    // refusals go straight to the error handler, the app's only one.
    api.exactRoutesAnsweringErrorsWith(errors),
  ));
  app.use(router);

  // Unknown /v1 paths are API 404s, never the console's index page.
  app.use('/v1', methodNotAllowed((path) => api.methodsFor(path)), notFoundHandler);
  if (options.staticDir) {
    app.use(consoleStatic(options.staticDir));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER_PAGE);
    });
  }
  app.use(notFoundHandler);
  // The app's one error-handling middleware (the exact routes above answer their refusals with it directly).
  app.use(errors);
  return app;
}
