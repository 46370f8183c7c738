/**
 * The load generator's raw HTTP client (lean-http.ts) against a real node:http server on port 0:
 * each answer goes to its own request, whole, however the bytes arrive, on kept-alive sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanSender, prepareGet, preparePost } from './lean-http.ts';

let server: http.Server;
let url: string;
const sockets = new Set<unknown>();
beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (req.method === 'GET') {
        const answer = Buffer.from(JSON.stringify({ method: req.method, auth: req.headers.authorization, path: req.url, length: req.headers['content-length'] ?? null, body }));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
        return res.end(answer);
      }
      const { n } = JSON.parse(body) as { n: number };
      const answer = Buffer.from(JSON.stringify({ n, auth: req.headers.authorization, path: req.url, text: 'Khung giờ đã hết chỗ'.repeat(n % 3 === 0 ? 2000 : 1) }));
      res.writeHead(n % 2 === 0 ? 201 : 409, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
      // Some answers in two writes a while apart: the client must wait for the whole body.
      if (n % 5 === 0) {
        res.write(answer.subarray(0, 7));
        setTimeout(() => res.end(answer.subarray(7)), 5);
      } else res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('lean HTTP sender', () => {
  it('answers each prepared POST with its own status and whole body, on at most its keep-alive sockets', async () => {
    const sender = leanSender(url, 4);
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => sender.send(preparePost(url, '/v1/bookings', `token-${n}`, { n }))));
      answers.forEach((a, n) => {
        expect(a.status).toBe(n % 2 === 0 ? 201 : 409);
        const body = JSON.parse(a.body) as { n: number; auth: string; path: string; text: string };
        expect(body).toMatchObject({ n, auth: `Bearer token-${n}`, path: '/v1/bookings' });
        expect(body.text.length).toBe('Khung giờ đã hết chỗ'.length * (n % 3 === 0 ? 2000 : 1));
      });
      expect(sockets.size).toBeLessThanOrEqual(4);
    } finally {
      sender.close();
    }
  });

  it('sends a prepared GET with its path and token and no body, and the next request on the same socket after it', async () => {
    const sender = leanSender(url, 1);
    try {
      const read = await sender.send(prepareGet(url, '/v1/trips/t-1', 'token-g'));
      expect(JSON.parse(read.body)).toEqual({ method: 'GET', auth: 'Bearer token-g', path: '/v1/trips/t-1', length: null, body: '' });
      expect((await sender.send(preparePost(url, '/v1/bookings', 'token-p', { n: 1 }))).status).toBe(409);
    } finally {
      sender.close();
    }
  });
});
