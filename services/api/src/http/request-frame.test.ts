/**
 * What every request gets from the one app-level layer: its id, one access-log line whether the
 * answer completed or the client went away first, and its duration in the metrics (a completed answer
 * only), with listeners shared by every request instead of closures made for each one.
 */
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, type ApiMetrics } from '../metrics.ts';
import { requestFrame } from './request-frame.ts';
import { securityHeaderList } from './security-headers.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Each request's response listeners, seen from its handler. */
const seen: Array<{ close: unknown[]; finish: unknown[]; error: unknown[] }> = [];

async function serve(lines: Array<Record<string, unknown>>, metrics: ApiMetrics = createMetrics()): Promise<string> {
  const logger = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } });
  const app = express();
  app.use(requestFrame(logger, metrics));
  app.get('/ok', (_req, res) => {
    seen.push({ close: res.listeners('close'), finish: res.listeners('finish'), error: res.listeners('error') });
    res.json({ ok: true });
  });
  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  app.get('/slow', () => undefined);
  server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** How many requests the duration histogram counted under these labels. */
async function timed(metrics: ApiMetrics, labels: Record<string, string>): Promise<number> {
  const { values } = await metrics.httpDuration.get();
  return values
    .filter((v) => v.metricName === 'borderflow_http_request_duration_seconds_count')
    .filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('request frame', () => {
  it('writes one line for a completed request, with its id and status, and times it once', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const metrics = createMetrics();
    const url = await serve(lines, metrics);
    const r = await fetch(`${url}/ok`, { headers: { 'x-request-id': 'abc-1' } });
    expect(r.headers.get('x-request-id')).toBe('abc-1');
    for (const [name, value] of securityHeaderList().set) expect(r.headers.get(name), name).toBe(value);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 20, msg: 'request completed', req: { id: 'abc-1', method: 'GET', url: '/ok' }, res: { statusCode: 200 } });
    expect(await timed(metrics, { method: 'GET', route: '/ok', status: '200' })).toBe(1);
  });

  it('writes one line for a request the client abandoned, and does not time it', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const metrics = createMetrics();
    const url = await serve(lines, metrics);
    const req = request(`${url}/slow`);
    req.on('error', () => undefined);
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request aborted', req: { url: '/slow' } });
    expect(await timed(metrics, { route: '/slow' })).toBe(0);
  });

  it('times a probe but writes no line for it', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const metrics = createMetrics();
    const url = await serve(lines, metrics);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await settle();
    expect(lines).toHaveLength(0);
    expect(await timed(metrics, { method: 'GET', route: '/healthz', status: '200' })).toBe(1);
  });

  it('listens with the same functions on every request: no closures made per request', async () => {
    seen.length = 0;
    const url = await serve([]);
    await fetch(`${url}/ok`);
    await fetch(`${url}/ok`);
    const [first, second] = seen;
    expect(first!.close).toHaveLength(1);
    expect(first!.error).toHaveLength(1);
    for (const event of ['close', 'error'] as const) {
      expect(second![event], event).toHaveLength(first![event].length);
      second![event].forEach((listener, i) => expect(listener, event).toBe(first![event][i]));
    }
    // On 'finish' only Node's own listener (bound per response by the http server): none of ours.
    expect(first!.finish.map((f) => (f as { name: string }).name)).toEqual(['bound resOnFinish']);
  });
});
