/**
 * One access-log line per request, whether the answer completed or the client went away first
 * (the log listens for the response's end once, not three times).
 */
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { accessLog } from './request-id.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(lines: Array<Record<string, unknown>>): Promise<string> {
  const logger = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } });
  const app = express();
  app.use(accessLog(logger));
  app.get('/ok', (_req, res) => { res.json({ ok: true }); });
  app.get('/slow', () => undefined);
  server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('access log', () => {
  it('writes one line for a completed request, with its id and status', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const url = await serve(lines);
    const r = await fetch(`${url}/ok`, { headers: { 'x-request-id': 'abc-1' } });
    expect(r.headers.get('x-request-id')).toBe('abc-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 20, msg: 'request completed', req: { id: 'abc-1', method: 'GET', url: '/ok' }, res: { statusCode: 200 } });
  });

  it('writes one line for a request the client abandoned', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const url = await serve(lines);
    const req = request(`${url}/slow`);
    req.on('error', () => undefined);
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request aborted', req: { url: '/slow' } });
  });
});
