/**
 * A real HTTP server on port 0 for component tests of code that calls the API: each test says
 * what the server answers (status and JSON) and can read what it was sent. The e2e tests run the
 * real platform; this keeps component tests fast.
 *
 * @example
 * const server = await startHttpTestServer({ 'POST /v1/auth/login': () => ({ status: 401, body: { error: {...} } }) });
 * renderWithApp(<LoginPage />, { baseUrl: server.url });
 * await server.close();
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string, parsed. */
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type Handler = (request: RecordedRequest) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

export interface HttpTestServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces or adds a route ("METHOD /path", path without the query string). */
  on(route: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startHttpTestServer(routes: Record<string, Handler> = {}): Promise<HttpTestServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '/').split('?')[0]!;
        const query = new URL(req.url ?? '/', 'http://test').searchParams;
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path, query, headers: req.headers, body: text ? JSON.parse(text) : undefined };
        requests.push(recorded);
        const handler = table.get(`${recorded.method} ${path}`);
        const answer = handler ? await handler(recorded) : { status: 404, body: { error: { code: 'NOT_FOUND', message: `no route ${recorded.method} ${path}`, field: null } } };
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route, handler) => table.set(route, handler),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The API's error body. */
export function errorBody(code: string, message: string, field: string | null = null) {
  return { error: { code, message, field } };
}
