/**
 * The console's files over real HTTP: the build's brotli and gzip copies go to browsers that
 * accept them, decode to the very bytes of the file, and are cached the way their names allow.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, consoleStatic } from './console-static.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch decodes bodies itself and would hide what went over the wire. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(res: RawResponse): Buffer {
  switch (res.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(res.body);
    case 'gzip':
      return gunzipSync(res.body);
    case undefined:
      return res.body;
    default:
      throw new Error(`unexpected content-encoding ${String(res.headers['content-encoding'])}`);
  }
}

describe('console static files', () => {
  // Text that compresses, like a real bundle; the build (precompress.ts) writes the copies beside it.
  const script = Buffer.from(Array.from({ length: 400 }, (_, i) => `export const lane${i} = "Kim Thành ${i}";\n`).join(''));
  const page = Buffer.from(`<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body>${'<div id="root"></div>'.repeat(40)}</body></html>`);
  const plainOnly = Buffer.from('body { color: #0b3d2e; }\n');
  let outside: string;
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'console-static-'));
    dir = join(outside, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    const withCopies = (path: string, bytes: Buffer) => {
      writeFileSync(path, bytes);
      writeFileSync(`${path}.br`, brotliCompressSync(bytes));
      writeFileSync(`${path}.gz`, gzipSync(bytes));
    };
    withCopies(join(dir, 'assets', 'index-Ab12Cd.js'), script);
    withCopies(join(dir, 'index.html'), page);
    writeFileSync(join(dir, 'assets', 'small-Ef34Gh.css'), plainOnly);
    // Beside the build, not in it: must never be served, compressed or not.
    withCopies(join(outside, 'secret.js'), Buffer.from(`const key = "${'s3cr3t'.repeat(200)}";`));
    const app = express();
    app.use(consoleStatic(dir));
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(outside, { recursive: true, force: true });
  });

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', undefined],
    ['', undefined],
  ])('a hashed script asked for with Accept-Encoding "%s" comes as %s and decodes to the file', async (accept, coding) => {
    const res = await get(`${base}/assets/index-Ab12Cd.js`, accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    if (coding) expect(res.body.length).toBeLessThan(script.length / 3);
    expect(decode(res).equals(script)).toBe(true);
  });

  it('index.html, opened by name or as a client route, is compressed and never cached', async () => {
    for (const path of ['/index.html', '/driver/trips/t1', '/']) {
      const res = await get(`${base}${path}`, { 'accept-encoding': 'gzip, br', accept: 'text/html' });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers.vary, path).toBe('Accept-Encoding');
      expect(decode(res).equals(page), path).toBe(true);
    }
    const plain = await get(`${base}/driver/register`, { accept: 'text/html' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.body.equals(page)).toBe(true);
  });

  it('a HEAD answers with the compressed length and no body', async () => {
    const res = await get(`${base}/assets/index-Ab12Cd.js`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBe(gzipSync(script).length);
    expect(res.body.length).toBe(0);
  });

  it('a file the build did not compress is served plain, without Vary', async () => {
    const res = await get(`${base}/assets/small-Ef34Gh.css`, { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.equals(plainOnly)).toBe(true);
  });

  it('a missing asset is a 404 and a path out of the build reaches nothing', async () => {
    expect((await get(`${base}/assets/index-Old000.js`, { 'accept-encoding': 'br' })).status).toBe(404);
    for (const path of ['/%2e%2e/secret.js', '/assets/%2e%2e/%2e%2e/secret.js', '/..%2fsecret.js']) {
      const escape = await get(`${base}${path}`, { 'accept-encoding': 'br' });
      expect([403, 404], path).toContain(escape.status);
      expect(escape.headers['content-encoding'], path).toBeUndefined();
    }
  });

  it('reads Accept-Encoding weights: q=0 refuses, * stands for the rest, brotli first on a tie', () => {
    const codings = (h: string | undefined) => acceptedEncodings(h).map((e) => e.coding);
    expect(codings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(codings('gzip;q=0, *')).toEqual(['br']);
    expect(codings('*;q=0')).toEqual([]);
    expect(codings('BR; Q=0.1')).toEqual(['br']);
    expect(codings(undefined)).toEqual([]);
  });
});
