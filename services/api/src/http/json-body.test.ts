/**
 * A JSON body read by jsonBody gives what body-parser (express.json, which it replaced for the
 * common case) gives: the same parsed value, or the same refusal with the same wording, for plain,
 * empty, BOM-prefixed, multibyte, non-strict, malformed, compressed, other-charset, oversized and
 * skipped bodies. And the common case does not go through body-parser.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type RequestHandler } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './error-handler.ts';
import { jsonBody } from './json-body.ts';
import { parsesAsJson } from '../routes/agency-adapters.ts';

const LIMIT = 1024;
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** An app echoing what its body parser left in req.body (`"(none)"` for nothing). */
async function echo(parser: RequestHandler): Promise<string> {
  const app = express();
  app.use(parser);
  app.post(/.*/, (req, res) => { res.json({ body: req.body === undefined ? '(none)' : req.body as unknown }); });
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = createServer(app).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let before = '';
let after = '';
let viaBodyParser = 0;
beforeAll(async () => {
  before = await echo(express.json({ limit: LIMIT, type: parsesAsJson }));
  // Counts the requests the new parser hands on to body-parser: only the uncommon ones.
  const bodyParser = express.json({ limit: LIMIT, type: parsesAsJson });
  after = await echo(jsonBody(LIMIT, parsesAsJson, (req, res, next) => {
    viaBodyParser++;
    return bodyParser(req, res, next);
  }));
});

interface Case {
  name: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  path?: string;
  /** Whether the new parser reads it itself. */
  fast: boolean;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CASES: Case[] = [
  { name: 'an object', body: '{"tripId":"t-1","n":2}', fast: true },
  { name: 'an array', body: '[1,2,3]', fast: true },
  { name: 'Vietnamese and Chinese text', body: '{"driver":"Nguyễn Văn Hùng","plate":"云G12345"}', fast: true },
  { name: 'leading whitespace', body: ' \n\t{"a":1}', fast: true },
  { name: 'a byte order mark', body: Buffer.concat([BOM, Buffer.from('{"a":1}')]), fast: true },
  { name: 'charset=utf-8', body: '{"a":1}', headers: { 'content-type': 'application/json; charset=UTF-8' }, fast: true },
  { name: 'a bare string (not strict JSON)', body: '"hello"', fast: true },
  { name: 'a number', body: ' 42', fast: true },
  { name: 'malformed JSON', body: '{"a":', fast: true },
  { name: 'an empty body', body: '', fast: false },
  { name: 'another charset', body: '{"a":1}', headers: { 'content-type': 'application/json; charset=latin1' }, fast: false },
  { name: 'a gzip body', body: gzipSync('{"a":"zipped"}'), headers: { 'content-encoding': 'gzip' }, fast: false },
  { name: 'a body over the limit', body: JSON.stringify({ a: 'x'.repeat(LIMIT) }), fast: false },
  { name: 'another content type', body: '{"a":1}', headers: { 'content-type': 'text/plain' }, fast: false },
  { name: "an agency's signed decision (raw bytes)", body: '{"a":1}', path: '/v1/agencies/vnaccs/decisions', fast: false },
];

async function post(base: string, c: Case): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${c.path ?? '/v1/bookings'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'vi', ...c.headers },
    body: c.body,
  });
  const body = (await r.json()) as Record<string, unknown>;
  delete body.requestId;
  return { status: r.status, body };
}

describe('a JSON body', () => {
  it.each(CASES)('gives what body-parser gives: $name', async (c) => {
    const expected = await post(before, c);
    viaBodyParser = 0;
    expect(await post(after, c)).toEqual(expected);
    expect(viaBodyParser === 0, 'read without body-parser').toBe(c.fast);
  });

  it('is refused with the words the error handler gives body-parser\'s refusals', async () => {
    const malformed = await post(after, { name: '', body: '{', fast: true });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('JSON');
  });
});
