/**
 * The Express application (no listen): security headers, JSON body limit,
 * request logging and metrics, every /v1 route, probes and docs, the console's
 * static files, and the uniform error rendering.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@borderflow/db';
import type { GateScheduler } from '@borderflow/scheduler';
import type { ApiContext } from './context.ts';
import { loadAuthConfig, type AuthConfig } from './auth/auth-config.ts';
import { authRoutes, type LoginRateLimit } from './auth/login-route.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type ApiMetrics } from './metrics.ts';
import { ApiRouter } from './http/api-router.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { consoleStatic } from './http/console-static.ts';
import { tripRoutes } from './routes/trips.ts';
import { passRoutes } from './routes/pass.ts';
import { tripRevisionRoutes } from './routes/trip-revisions.ts';
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

export const API_VERSION = '0.1.0';
/** Largest JSON body accepted; larger ones get 413 PAYLOAD_TOO_LARGE. */
export const JSON_BODY_LIMIT = '64kb';

export interface ApiContextInput {
  db: PrismaClient;
  redis: Redis;
  schedulers: ReadonlyMap<string, GateScheduler>;
  auth?: AuthConfig;
  logger?: Logger;
  metrics?: ApiMetrics;
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
  return {
    db: input.db,
    redis: input.redis,
    schedulers: input.schedulers,
    logger,
    auth: input.auth ?? loadAuthConfig(process.env, logger),
    metrics: input.metrics ?? createMetrics(),
  };
}

export interface AppOptions {
  /** Directory served at `/` (the console); a placeholder page when absent. */
  staticDir?: string | null;
  loginRateLimit?: LoginRateLimit;
  /** Express `trust proxy` (set it behind a reverse proxy so rate limits see client IPs). */
  trustProxy?: boolean | number | string;
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
  app.set('trust proxy', options.trustProxy ?? false);
  // Express 5 parses `?a[b]=c` only with the extended parser; the API's queries are flat.
  app.set('query parser', 'simple');

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          // The console's own modules and the socket.io client it loads from this server; nothing remote.
          'script-src': ["'self'"],
          // Map and chart libraries set inline styles.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          // Socket.IO: polling over HTTP and the WebSocket upgrade on the same origin.
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      // The gate network is often plain HTTP on a LAN: do not pin HSTS here (the TLS proxy should).
      strictTransportSecurity: false,
    }),
  );
  app.use(pinoHttp({
    logger: ctx.logger,
    // Probes and successful reads are noise at a gate that polls all day; writes and errors are logged.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' || req.url === '/readyz' },
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : req.method === 'GET' ? 'debug' : 'info',
    // Never log bearer tokens or cookies: a log line must not be a credential.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }));
  app.use(ctx.metrics.httpMiddleware);
  // Not for the agencies' signed decisions: their signature is checked on the raw bytes before any parsing.
  app.use(express.json({ limit: JSON_BODY_LIMIT, type: parsesAsJson }));

  const router = express.Router();
  const api = new ApiRouter(router, ctx.auth);
  authRoutes(api, ctx, options.loginRateLimit);
  tripRoutes(api, ctx);
  passRoutes(api, ctx);
  tripRevisionRoutes(api, ctx);
  checkInRoutes(api, ctx);
  laneRoutes(api, ctx);
  queueRoutes(api, ctx);
  statsRoutes(api, ctx);
  simulationRoutes(api, ctx);
  publicWaitsRoutes(api, ctx);
  policyRoutes(api, ctx);
  agencyDecisionRoutes(api, ctx);
  agencyAdapterRoutes(api, ctx);
  healthRoutes(router, ctx, () => api.docs, API_VERSION);
  app.use(router);

  // Unknown /v1 paths are API 404s, never the console's index page.
  app.use('/v1', notFoundHandler);
  if (options.staticDir) {
    app.use(consoleStatic(options.staticDir));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(PLACEHOLDER_PAGE);
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
