/**
 * A load generator's HTTP client that costs the machine as little as it can (autocannon's way): each
 * request's bytes are written before the storm, sent whole on one of `sockets` keep-alive
 * connections (one request in flight on each, so a latency is one request's), and the answer is
 * read as a status and a Content-Length body. Why: the typed client (undici fetch, every answer
 * checked against its zod schema) cost ~0.9–1.2 ms of CPU a request on this 2-core machine, near
 * what the server it loaded cost (benchmarks/RESULTS.md, "Booking storm"); node:http still ~0.3 ms.
 */
import net from 'node:net';

/** One request, its bytes prepared before the storm: nothing is built while it is timed. */
export interface PreparedRequest {
  path: string;
  bytes: Buffer;
}

/** Its answer: the status and the body as text. */
export interface LeanAnswer {
  status: number;
  body: string;
}

/**
 * A JSON POST prepared once, headers and body in one buffer.
 *
 * @example const r = preparePost('http://127.0.0.1:3000', '/v1/bookings', token, { tripId, slotStart });
 */
export function preparePost(baseUrl: string, path: string, token: string, json: unknown): PreparedRequest {
  const body = Buffer.from(JSON.stringify(json));
  return prepared('POST', baseUrl, path, token, `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`, body);
}

/**
 * A GET prepared once (a driver's read of their trip).
 *
 * @example const r = prepareGet('http://127.0.0.1:3000', `/v1/trips/${tripId}`, token);
 */
export function prepareGet(baseUrl: string, path: string, token: string): PreparedRequest {
  return prepared('GET', baseUrl, path, token, '', Buffer.alloc(0));
}

function prepared(method: string, baseUrl: string, path: string, token: string, bodyHeaders: string, body: Buffer): PreparedRequest {
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${new URL(baseUrl).host}\r\n${bodyHeaders}`
    + `Authorization: Bearer ${token}\r\nConnection: keep-alive\r\n\r\n`;
  return { path, bytes: Buffer.concat([Buffer.from(head), body]) };
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection: one request at a time, its answer parsed from the bytes as they come. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: LeanAnswer) => void; reject: (e: Error) => void } | null = null;
  private readonly socket: net.Socket;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    const fail = (err: Error) => { this.waiting?.reject(err); this.waiting = null; };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  send(r: PreparedRequest): Promise<LeanAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(r.bytes);
    });
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buffered.toString('latin1', 0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    // Every answer of this API carries its length; a chunked one would need a parser this client does not have.
    if (!length) return this.fail(new Error(`answer without Content-Length: ${head.slice(0, 200)}`));
    const total = end + HEAD_END.length + Number(length[1]);
    if (this.buffered.length < total) return;
    const answer = { status: Number(head.slice(9, 12)), body: this.buffered.toString('utf8', end + HEAD_END.length, total) };
    this.buffered = this.buffered.subarray(total);
    const w = this.waiting;
    this.waiting = null;
    w?.resolve(answer);
  }

  private fail(err: Error): void {
    this.waiting?.reject(err);
    this.waiting = null;
    this.socket.destroy();
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }
}

/**
 * A sender of prepared requests to one server on `sockets` keep-alive connections, each request on
 * the first free one (queued in order when all are busy).
 *
 * @example
 * const sender = leanSender('http://127.0.0.1:3000', 64);
 * const { status, body } = await sender.send(prepared);
 * sender.close();
 */
export function leanSender(baseUrl: string, sockets: number) {
  const url = new URL(baseUrl);
  const free = Array.from({ length: sockets }, () => new Connection(url.hostname, Number(url.port)));
  const all = [...free];
  const queued: Array<() => void> = [];
  const send = async (r: PreparedRequest): Promise<LeanAnswer> => {
    const conn = free.pop() ?? await new Promise<Connection>((resolve) => queued.push(() => resolve(free.pop()!)));
    try {
      return await conn.send(r);
    } finally {
      free.push(conn);
      queued.shift()?.();
    }
  };
  return { send, close: () => { for (const c of all) c.close(); } };
}
