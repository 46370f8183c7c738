/**
 * A worker process's own HTTP port: only the probes and /metrics (the same
 * handlers as the API's), so an orchestrator can check and restart a worker
 * like an API process. It serves no /v1 route: a worker takes no commands.
 */
import express, { type Express } from 'express';
import type { ApiContext } from '../context.ts';
import { healthRoutes } from '../routes/health.ts';
import { API_VERSION } from '../create-app.ts';
import type { MetricsAccess } from './metrics-access.ts';

/**
 * @example
 * createServer(workerProbesApp(ctx, loadMetricsAccess(process.env))).listen(3001);
 */
export function workerProbesApp(ctx: ApiContext, metrics: MetricsAccess): Express {
  const app = express();
  app.disable('x-powered-by');
  healthRoutes(app, ctx, () => [], API_VERSION, metrics);
  // Everything else: a bare 404, not the API's (this process has none).
  app.use((_req, res) => {
    res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'A worker process serves only /healthz, /readyz and /metrics' });
  });
  return app;
}
