/**
 * Who may read /metrics. The Prometheus text names routes, error counts and
 * process internals: useful to an attacker mapping the platform, so it is
 * never public. Either a bearer token (METRICS_TOKEN) on the API's port, or a
 * port of its own (METRICS_PORT, loopback by default) that only the scraper
 * reaches; with neither, /metrics is off.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiMetrics } from '../metrics.ts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from './refusal-words.ts';

export interface MetricsAccess {
  /** Bearer token a scraper must send; null = no token asked (only sensible on a separate port). */
  token: string | null;
  /** Serve /metrics on this port instead of the API's (0 = any free port, tests); null = the API's port. */
  port: number | null;
  /** Address of the separate port (default 127.0.0.1). */
  host: string;
}

/**
 * Reads METRICS_TOKEN, METRICS_PORT and METRICS_HOST.
 *
 * @example
 * loadMetricsAccess({ METRICS_TOKEN: 's3cret' }); // { token: 's3cret', port: null, host: '127.0.0.1' }
 */
export function loadMetricsAccess(env: NodeJS.ProcessEnv): MetricsAccess {
  const token = env.METRICS_TOKEN?.trim() || null;
  const rawPort = env.METRICS_PORT?.trim();
  const port = rawPort ? Number(rawPort) : null;
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new Error(`METRICS_PORT must be a port number, got "${rawPort}"`);
  }
  return { token, port, host: env.METRICS_HOST?.trim() || '127.0.0.1' };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time comparison of the request's bearer token with the configured one. */
function tokenMatches(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const header = req.headers.authorization ?? '';
  const sent = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return timingSafeEqual(digest(sent), digest(token));
}

/**
 * The /metrics handler of the API's own port: 404 when metrics are off here
 * (no token, or served on their own port), 401 without the right token.
 *
 * @example
 * router.get('/metrics', metricsRoute(ctx.metrics, loadMetricsAccess(process.env)));
 */
export function metricsRoute(metrics: ApiMetrics, access: MetricsAccess): RequestHandler {
  return async (req, res) => {
    if (access.port !== null || access.token === null) throw AppError.worded('NOT_FOUND', REFUSALS.noRoute(req.method, req.path));
    if (!tokenMatches(req, access.token)) throw AppError.worded('UNAUTHENTICATED', REFUSALS.metricsToken);
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

/**
 * A server of its own that answers GET /metrics only (token checked when one is set).
 *
 * @example
 * const server = await startMetricsServer(ctx.metrics, { token: null, port: 9464, host: '127.0.0.1' });
 */
export async function startMetricsServer(metrics: ApiMetrics, access: MetricsAccess & { port: number }): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return send(404, 'not found\n');
    if (!tokenMatches(req, access.token)) return send(401, 'metrics need the bearer token (METRICS_TOKEN)\n');
    metrics.registry.metrics().then(
      (text) => send(200, text, metrics.registry.contentType),
      () => send(500, 'metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(access.port, access.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
