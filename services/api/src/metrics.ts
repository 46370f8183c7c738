/**
 * Prometheus metrics of one API process. Each app gets its own registry so
 * several apps in one process (tests) never collide on metric names.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { runningStreamConsumers } from '@borderflow/persist';
import type { Request, RequestHandler, Response } from 'express';

export interface ApiMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  schedulerCommands: Counter<'command' | 'result'>;
  /**
   * From a gate event (its `at`) to the fan-out's emit of its delta: the server's part of a live
   * update's latency, apart from the clients' and the network's (issue 15: ≤ 100 ms quiet).
   */
  liveDeltaLag: Histogram;
  /** Times an HTTP request by its route pattern (not the raw URL: ids would explode cardinality). */
  httpMiddleware: RequestHandler;
  /**
   * Records one finished request's duration under its method, route pattern and status: what
   * `httpMiddleware` does at 'finish', for a middleware that times the request itself (http/request-frame.ts).
   */
  observeHttp(req: Request, res: Response, seconds: number): void;
}

/**
 * @example
 * const metrics = createMetrics();
 * app.use(metrics.httpMiddleware);
 * metrics.schedulerCommands.inc({ command: 'checkIn', result: 'ok' });
 */
export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'borderflow_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const schedulerCommands = new Counter({
    name: 'borderflow_scheduler_commands_total',
    help: 'Scheduler commands issued by the API, by command and result (ok, replayed, or an error code)',
    labelNames: ['command', 'result'] as const,
    registers: [registry],
  });
  const liveDeltaLag = new Histogram({
    name: 'borderflow_live_delta_lag_seconds',
    help: 'From a gate event to the emit of its live delta by this process (the fan-out)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Read at scrape time from the stream consumers running in this process (persistence, fan-out, customs relay).
  new Gauge({
    name: 'borderflow_stream_consumer_entries',
    help: 'Entries handled by this process\'s stream consumers since start, by stream, group and outcome (delivered, acked, claimed, failed, dead_lettered)',
    labelNames: ['stream', 'group', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of runningStreamConsumers()) {
        const labels = { stream: c.stream, group: c.group };
        this.inc({ ...labels, outcome: 'delivered' }, c.delivered);
        this.inc({ ...labels, outcome: 'acked' }, c.acked);
        this.inc({ ...labels, outcome: 'claimed' }, c.claimed);
        this.inc({ ...labels, outcome: 'failed' }, c.failed);
        this.inc({ ...labels, outcome: 'dead_lettered' }, c.deadLettered);
      }
    },
  });
  const observeHttp = (req: Request, res: Response, seconds: number): void => {
    const route = (req.route as { path?: string } | undefined)?.path;
    httpDuration.observe({
      method: req.method,
      route: route ? `${req.baseUrl}${route}` : 'unmatched',
      status: String(res.statusCode),
    }, seconds);
  };
  const httpMiddleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => observeHttp(req, res, (performance.now() - started) / 1000));
    next();
  };
  return { registry, httpDuration, schedulerCommands, liveDeltaLag, httpMiddleware, observeHttp };
}
