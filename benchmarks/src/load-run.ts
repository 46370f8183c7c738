/**
 * One autocannon run against the platform, with figures per request kind.
 * autocannon reports one latency histogram per run; a run that cycles through
 * several requests (arrive → start → complete) needs them apart, so every
 * request carries a `kind` and each response's time and status are filed
 * under it.
 */
import autocannon from 'autocannon';
import { LatencyByLabel, type LatencySummary } from './latency.ts';

/** A mutable per-connection context (autocannon resets it when a sequence starts over). */
export type LoadContext = Record<string, unknown>;

export interface LoadRequest {
  kind: string;
  method: 'GET' | 'POST';
  path?: string;
  /**
   * Builds the request just before it is sent: path and/or JSON body. Returning
   * null skips the rest of the sequence (it starts over at its first request),
   * which the first request of a sequence must never do.
   */
  setup?: (context: LoadContext) => { path?: string; body?: unknown } | null;
  onResponse?: (status: number, body: string, context: LoadContext) => void;
}

export interface LoadOptions {
  /** Several: autocannon deals the connections among them in turn (API replicas behind a balancer). */
  url: string | string[];
  title: string;
  connections: number;
  /** Seconds (ignored when `amount` is set). */
  duration?: number;
  /** Total requests, then stop. */
  amount?: number;
  token: string;
  requests: LoadRequest[];
}

export interface KindFigures extends LatencySummary {
  requests_per_s: number;
  non2xx: number;
  statuses: Record<string, number>;
}

export interface LoadResult {
  title: string;
  connections: number;
  seconds: number;
  requests: number;
  requests_per_s: number;
  /** autocannon's own latency (all kinds together), ms. */
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  kinds: Record<string, KindFigures>;
}

const KIND = Symbol('kind');

/**
 * @example
 * const r = await runLoad({ url, title: 'reads', connections: 16, duration: 10, token,
 *   requests: [{ kind: 'read', method: 'GET', setup: () => ({ path: `/v1/trips/${nextId()}` }) }] });
 * console.log(r.requests_per_s, r.kinds.read.p99_ms);
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latency = new LatencyByLabel();
  const statuses = new Map<string, Map<number, number>>();
  const requests: autocannon.Request[] = options.requests.map((r) => ({
    method: r.method,
    path: r.path ?? '/',
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(r.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    setupRequest: (req, context) => {
      const ctx = context as LoadContext;
      if (!r.setup) return req;
      const built = r.setup(ctx);
      // autocannon reads a falsy value as "start the sequence over".
      if (!built) return null as unknown as autocannon.Request;
      return {
        ...req,
        path: built.path ?? req.path,
        body: built.body === undefined ? undefined : JSON.stringify(built.body),
      };
    },
    onResponse: (status, body, context) => {
      const ctx = context as LoadContext & { [KIND]?: string };
      ctx[KIND] = r.kind;
      let byStatus = statuses.get(r.kind);
      if (!byStatus) statuses.set(r.kind, (byStatus = new Map()));
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      r.onResponse?.(status, body, ctx);
    },
  }));

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        // autocannon takes several URLs (lib/url.js) though its types say one.
        url: options.url as string,
        title: options.title,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
        requests,
        timeout: 30,
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = result.duration;
        const kinds: Record<string, KindFigures> = {};
        for (const [kind, summary] of Object.entries(latency.summary())) {
          const byStatus = statuses.get(kind) ?? new Map<number, number>();
          let non2xx = 0;
          for (const [status, n] of byStatus) if (status < 200 || status > 299) non2xx += n;
          kinds[kind] = {
            ...summary,
            requests_per_s: Math.round(summary.count / seconds),
            non2xx,
            statuses: Object.fromEntries([...byStatus].map(([s, n]) => [String(s), n])),
          };
        }
        resolve({
          title: options.title,
          connections: options.connections,
          seconds: +seconds.toFixed(2),
          requests: result.requests.total,
          requests_per_s: Math.round(result.requests.total / seconds),
          p50_ms: result.latency.p50,
          p99_ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          kinds,
        });
      },
    );
    // onResponse (above) has just filed the kind in the connection's context when this fires.
    instance.on('response', (client, _status, _bytes, responseTime) => {
      const ctx = (client as unknown as { requestIterator: { context: { [KIND]?: string } } }).requestIterator.context;
      latency.add(ctx[KIND] ?? 'unknown', responseTime);
    });
  });
}
