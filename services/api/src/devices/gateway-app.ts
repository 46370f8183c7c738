/**
 * The device gateway's own HTTP app (issue 17): only the device push routes and the probes, on a port
 * of their own, so the cameras' traffic is served and scaled apart from the people's API. It runs the
 * same intake as the API's push routes (device-gateway.ts: per-device key, validation, raw log, gate
 * command) on the same Redis and database, so there is no hop through the API.
 */
import express, { type Express } from 'express';
import type { ApiContext } from '../context.ts';
import { ApiRouter } from '../http/api-router.ts';
import { errorHandler, notFoundHandler } from '../http/error-handler.ts';
import type { MetricsAccess } from '../http/metrics-access.ts';
import { healthRoutes } from '../routes/health.ts';
import { devicePushRoutes } from '../routes/devices.ts';
import { API_VERSION } from '../create-app.ts';

/**
 * @example
 * createServer(createGatewayApp(ctx, loadMetricsAccess(process.env))).listen(3002);
 */
export function createGatewayApp(ctx: ApiContext, metrics: MetricsAccess): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(ctx.metrics.httpMiddleware);
  const router = express.Router();
  // No per-IP request limiter: a gate's cameras share one address and read in bursts (the gateway
  // belongs on the gate's device network; every refused message is logged against its device).
  const api = new ApiRouter(router, ctx.auth, ctx.revocations);
  devicePushRoutes(api, ctx);
  healthRoutes(router, ctx, () => api.docs, API_VERSION, metrics);
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
