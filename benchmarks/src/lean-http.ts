/**
 * A load generator's HTTP client that costs the machine as little as it can: node:http on keep-alive
 * sockets (one per request in flight), headers and bodies built before the storm, answers read as
 * text and parsed only when refused. The typed client (undici fetch, every answer checked against its
 * zod schema) cost ~1.2 ms of CPU a request on this 2-core machine, as much as the server it loaded
 * (benchmarks/RESULTS.md, "Booking storm"): the bench measured its own client as much as the platform.
 */
import http from 'node:http';

/** One request, prepared before the storm: nothing is built while it is timed. */
export interface PreparedRequest {
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

/** Its answer: the status and the body as text. */
export interface LeanAnswer {
  status: number;
  body: string;
}

/**
 * A JSON POST prepared once: its body serialized and its Content-Length counted now.
 *
 * @example const r = preparePost('/v1/bookings', token, { tripId, slotStart });
 */
export function preparePost(path: string, token: string, json: unknown): PreparedRequest {
  const body = Buffer.from(JSON.stringify(json));
  return {
    path, body,
    headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: `Bearer ${token}`, Connection: 'keep-alive' },
  };
}

/**
 * A sender of prepared POSTs to one server, on at most `sockets` keep-alive connections.
 *
 * @example
 * const send = leanPoster('http://127.0.0.1:3000', 64);
 * const { status, body } = await send.post(prepared);
 * send.close();
 */
export function leanPoster(baseUrl: string, sockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: 'lifo' });
  const post = (r: PreparedRequest): Promise<LeanAnswer> => new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
  return { post, close: () => agent.destroy() };
}
