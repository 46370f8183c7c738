/**
 * A small HTTP client over node:http/https with keep-alive agents. Node 20's
 * `fetch` (undici) costs several times more CPU per request here, which caps
 * outbound throughput on a 2-core machine; the adapters send many small
 * requests to few hosts, which is what a keep-alive agent is for.
 */
import { Agent as HttpAgent, request as httpRequestFn, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequestFn } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  body?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** Thrown for network failures and timeouts (no HTTP answer at all). */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

/**
 * @example
 * const answer = await httpRequest('http://127.0.0.1:3001/inbox/vnaccs', { method: 'POST', body, headers, timeoutMs: 10_000 });
 * if (answer.status >= 300) throw new Error(answer.body.toString());
 */
export function httpRequest(url: string | URL, options: HttpRequestOptions): Promise<HttpAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const https = target.protocol === 'https:';
  const body = options.body ?? '';
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.method !== 'GET' || body.length > 0) headers['content-length'] = Buffer.byteLength(body);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = (https ? httpsRequestFn : httpRequestFn)(
      target,
      { method: options.method ?? 'POST', headers, agent: https ? httpsAgent : httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(new HttpTransportError(err.message, 'ECONNRESET'));
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new HttpTransportError(`no answer within ${options.timeoutMs} ms`, 'TIMEOUT')), options.timeoutMs);
    req.on('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(err instanceof HttpTransportError ? err : new HttpTransportError(err.message, err.code ?? 'ENETWORK'));
    });
    req.end(body);
  });
}
