/**
 * Middlewares in turn as one layer answer as the same middlewares as layers of their own (each
 * `app.use`d), on a real Express app and server: the order, a refusal by `next(err)`, a throw, a
 * rejected promise, a middleware that answers itself, and what comes after the layer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTurn } from './in-turn.ts';

/** Each middleware writes its name into a header; `?<name>=<what>` makes it refuse, throw, reject, skip or answer. */
const named = (name: string): RequestHandler => (req, res, next) => {
  res.append('X-Walked', name);
  const what = req.query[name];
  if (what === 'refuse') next(Object.assign(new Error(`${name} refused`), { status: 409 }));
  else if (what === 'throw') throw new Error(`${name} threw`);
  else if (what === 'reject') return Promise.resolve().then(() => { throw new Error(`${name} rejected`); });
  else if (what === 'route') next('route');
  else if (what === 'answer') res.status(202).send(`answered by ${name}`);
  else if (what === 'later') setImmediate(next);
  else next();
};

function appOf(layered: boolean) {
  const app = express();
  const [a, b, c] = [named('a'), named('b'), named('c')];
  if (layered) app.use(inTurn(a, b, c));
  else {
    app.use(a);
    app.use(b);
    app.use(c);
  }
  app.use(named('after'));
  app.get('/', (_req, res) => {
    res.send('route');
  });
  const errors: ErrorRequestHandler = (err: Error & { status?: number }, _req, res, _next) => {
    res.status(err.status ?? 500).send(`error: ${err.message}`);
  };
  app.use(errors);
  return app;
}

const servers: Server[] = [];
const urls: Record<'layers' | 'inTurn', string> = { layers: '', inTurn: '' };
beforeAll(async () => {
  for (const [key, layered] of [['layers', false], ['inTurn', true]] as const) {
    const server = createServer(appOf(layered));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[key] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const answer = async (base: string, query: string) => {
  const r = await fetch(`${base}/${query}`);
  return { status: r.status, walked: r.headers.get('x-walked'), body: await r.text() };
};

describe('inTurn', () => {
  it.each([
    '', '?a=later&b=later', '?a=refuse', '?b=refuse', '?c=throw', '?b=reject', '?b=answer', '?c=later&after=refuse',
  ])('answers %s as the same middlewares as layers of their own', async (query) => {
    const layers = await answer(urls.layers, query);
    expect(await answer(urls.inTurn, query)).toEqual(layers);
    // The cases are what they say (the test would pass on two wrong apps alike otherwise).
    if (query === '') expect(layers).toEqual({ status: 200, walked: 'a, b, c, after', body: 'route' });
    if (query === '?b=refuse') expect(layers).toEqual({ status: 409, walked: 'a, b', body: 'error: b refused' });
    if (query === '?c=throw') expect(layers.body).toBe('error: c threw');
    if (query === '?b=reject') expect(layers.body).toBe('error: b rejected');
  });
});
