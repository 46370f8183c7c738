/**
 * A JSON answer leaves in one socket write with headers and body as one chunk of text (Express'
 * res.json copied the body into a Buffer, sent beside the headers as a second chunk), and carries an ETag only where a
 * client can use one: a route's own (a trip's version, answering 304) and Express' weak one on a
 * public GET, none on a `no-store` answer (every signed-in caller's, every problem) that no cache
 * keeps. Counted on the server's own socket of an app over the test platform's stores.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiContext } from '../testing/test-api.ts';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { createApp } from '../create-app.ts';

const t = useTestApi();

/** Each socket write the server makes: its chunks that carry bytes (a Buffer or text), and all of them as text. */
interface SocketWrite { chunks: Array<'buffer' | 'text'>; text: string }
const writes: SocketWrite[] = [];
let server: Server;
let url: string;
let driver: string;

/** Node's one entry to the socket for `write` and `writev` alike (net.Socket#_writeGeneric). */
type WriteGeneric = (writev: boolean, data: unknown, encoding: string, cb: unknown) => unknown;
const chunksOf = (writev: boolean, data: unknown): Array<Buffer | string> => {
  if (!writev) return [data as Buffer | string];
  // A writev's chunks: [{ chunk, encoding }], or when all are Buffers an array of Buffers (allBuffers).
  return (data as Array<Buffer | { chunk: Buffer | string }>).map((c) => (Buffer.isBuffer(c) ? c : c.chunk));
};

beforeAll(async () => {
  driver = await t.token('driver1');
  server = createServer(createApp(testApiContext(t), { staticDir: null, requestRateLimit: false, redisPrefix: t.prefix }));
  server.on('connection', (socket: Socket) => {
    const own = socket as unknown as { _writeGeneric: WriteGeneric };
    const write = own._writeGeneric.bind(socket);
    own._writeGeneric = (writev, data, encoding, cb) => {
      const chunks = chunksOf(writev, data).filter((c) => c.length > 0);
      writes.push({
        chunks: chunks.map((c) => (Buffer.isBuffer(c) ? 'buffer' : 'text')),
        text: chunks.map((c) => (Buffer.isBuffer(c) ? c.toString('latin1') : Buffer.from(c, 'utf8').toString('latin1'))).join(''),
      });
      return write(writev, data, encoding, cb);
    };
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server?.close(r)));

/**
 * The request's answer and the socket writes it took. Through node:http, not fetch: fetch sends
 * `Cache-Control: no-cache` with a conditional request, and Express then never answers 304.
 */
async function answer(path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}) {
  const from = writes.length;
  const { status, head, body } = await new Promise<{ status: number; head: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    request(`${url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => { text += c; }).on('end', () => resolve({ status: res.statusCode!, head: res.headers, body: text }));
    }).on('error', reject).end();
  });
  const header = (name: string) => (head[name] as string | undefined) ?? null;
  return { res: { status, headers: { get: header } }, body, writes: writes.slice(from) };
}

describe('a JSON answer', () => {
  it('leaves in one write as one chunk of text, headers and body together, with the length and type res.json gave it', async () => {
    for (let i = 0; i < 2; i++) expect((await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() })).status).toBe(201);
    const read = await answer('/v1/trips?limit=2', { headers: { authorization: `Bearer ${driver}` } });
    expect(read.res.status).toBe(200);
    // Long enough that res.json took its Buffer path (1,000 characters and more).
    expect(read.body.length).toBeGreaterThan(1000);
    expect(read.writes).toHaveLength(1);
    // res.json: ['text', 'buffer'] (the headers, then its copy of the body).
    expect(read.writes[0]!.chunks).toEqual(['text']);
    expect(read.writes[0]!.text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(Buffer.from(read.writes[0]!.text, 'latin1').toString('utf8').endsWith(read.body)).toBe(true);
    expect(read.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(read.res.headers.get('content-length'))).toBe(Buffer.byteLength(read.body));
    expect(JSON.parse(read.body).trips).toHaveLength(2);
  });

  it("keeps a route's own ETag and answers 304 to it; a trip's version is never replaced", async () => {
    const created = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
    const auth = { authorization: `Bearer ${driver}` };
    const first = await answer(`/v1/trips/${created.body.id}`, { headers: auth });
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+"$/);
    const again = await answer(`/v1/trips/${created.body.id}`, { headers: { ...auth, 'if-none-match': etag } });
    expect(again.res.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.res.headers.get('content-type')).toBeNull();
  });

  it('gives a public GET a weak ETag that answers 304; a signed-in answer and a problem, marked no-store, get none', async () => {
    const policy = await answer('/v1/gates/KT/policy');
    expect(policy.res.status).toBe(200);
    const etag = policy.res.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const revalidated = await answer('/v1/gates/KT/policy', { headers: { 'if-none-match': etag! } });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.body).toBe('');
    const head = await answer('/v1/gates/KT/policy', { method: 'HEAD' });
    expect(head.res.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.res.headers.get('content-length')).toBe(policy.res.headers.get('content-length'));

    const list = await answer('/v1/trips', { headers: { authorization: `Bearer ${driver}` } });
    expect(list.res.status).toBe(200);
    expect(list.res.headers.get('cache-control')).toBe('private, no-store');
    expect(list.res.headers.get('etag')).toBeNull();

    const refused = await answer('/v1/trips/nope', { headers: { authorization: `Bearer ${driver}`, 'accept-language': 'vi' } });
    expect(refused.res.status).toBe(404);
    expect(refused.res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(refused.res.headers.get('etag')).toBeNull();
    expect(Number(refused.res.headers.get('content-length'))).toBe(Buffer.byteLength(refused.body));
    expect(JSON.parse(refused.body).error.field).toBe('tripId');
    expect(refused.writes).toHaveLength(1);
  });
});
