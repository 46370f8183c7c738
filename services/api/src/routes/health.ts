/**
 * Probes and self-description: /healthz (the process answers), /readyz (Redis
 * and the database answer: `ready`; database away: `degraded`, still 200; Redis away: 503), /metrics (Prometheus; token or own port, see
 * http/metrics-access.ts), /openapi.json, /asyncapi.json (the /live protocol) and /docs.
 */
import { renderErrorCodesPage } from '../http/error-codes-page.ts';
import type { Router } from 'express';
import type { ApiContext } from '../context.ts';
import type { RouteDoc } from '../http/api-router.ts';
import { buildOpenApi } from '../http/openapi.ts';
import { renderDocsPage } from '../http/docs-page.ts';
import { buildAsyncApi } from '../live/asyncapi.ts';
import { metricsRoute, type MetricsAccess } from '../http/metrics-access.ts';

const PROBE_TIMEOUT_MS = 2000;

async function probe(name: string, check: () => Promise<unknown>): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true };
  } catch (err) {
    return { name, ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @example
 * healthRoutes(app, ctx, () => api.docs, '0.1.0');
 */
export function healthRoutes(
  router: Router,
  ctx: ApiContext,
  routes: () => readonly RouteDoc[],
  version: string,
  metricsAccess: MetricsAccess,
): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeS: Math.round(process.uptime()) });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      probe('redis', async () => {
        if ((await ctx.redis.ping()) !== 'PONG') throw new Error('unexpected PING answer');
      }),
      probe('database', () => ctx.db.$queryRaw`SELECT 1`),
    ]);
    const [redis, database] = checks;
    // The gate runs on Redis: without it nothing works (503, out of the load balancer). Without
    // PostgreSQL it still queues, calls and crosses trucks (the event stream waits for the
    // persistence), so the process stays in rotation and says `degraded` (200) for monitoring.
    const status = !redis!.ok ? 'unavailable' : database!.ok ? 'ready' : 'degraded';
    res.status(status === 'unavailable' ? 503 : 200).json({ status, checks });
  });

  router.get('/metrics', metricsRoute(ctx.metrics, metricsAccess));

  let cached: Record<string, unknown> | null = null;
  const openapi = () => (cached ??= buildOpenApi(routes(), { version }));

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi());
  });

  // The Socket.IO /live protocol, from the same zod schemas the gateway uses.
  let asyncapi: Record<string, unknown> | null = null;
  router.get('/asyncapi.json', (_req, res) => {
    res.json((asyncapi ??= buildAsyncApi(version)));
  });

  router.get('/docs/errors', (_req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
    res.type('html').send(renderErrorCodesPage());
  });

  router.get('/docs', (_req, res) => {
    // The page is static HTML with one inline <style>: allow exactly that, nothing else.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'");
    res.type('html').send(renderDocsPage(openapi()));
  });
}
