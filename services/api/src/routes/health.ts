/**
 * Probes and self-description: /healthz (the process answers), /readyz (Redis
 * and the database answer), /metrics (Prometheus), /openapi.json and /docs.
 */
import type { Router } from 'express';
import type { ApiContext } from '../context.ts';
import type { RouteDoc } from '../http/api-router.ts';
import { buildOpenApi } from '../http/openapi.ts';
import { renderDocsPage } from '../http/docs-page.ts';

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
export function healthRoutes(router: Router, ctx: ApiContext, routes: () => readonly RouteDoc[], version: string): void {
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
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', checks });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });

  let cached: Record<string, unknown> | null = null;
  const openapi = () => (cached ??= buildOpenApi(routes(), { version }));

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi());
  });

  router.get('/docs', (_req, res) => {
    // The page is static HTML with one inline <style>: allow exactly that, nothing else.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'");
    res.type('html').send(renderDocsPage(openapi()));
  });
}
