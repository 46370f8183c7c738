/**
 * The typed client of the BorderFlow API, made from the route table (contracts' ROUTES): a call
 * names its route, so path, method, the types of params, query and body, and the answer's type and
 * schema all come from the one declaration the server also uses. It sends the bearer token or an
 * API key, Accept-Language and Idempotency-Key; a 401 is retried once with a renewed token; an error
 * answer becomes an {@link ApiError}; every answer is parsed with its route's response schema.
 */
import {
  routePath,
  type AnyRoute,
  type RouteBodyIn,
  type RouteParamsIn,
  type RouteQueryIn,
  type RouteResponse,
} from '@borderflow/contracts';
import { ApiError } from './api-error.ts';

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface ClientOptions {
  /** '' (same origin, in a browser) or the API's URL, e.g. `https://gate.example/`. */
  baseUrl?: string;
  /** The bearer token of the signed-in user (read at every call: it may be renewed). */
  token?: () => string | null | undefined;
  /** A company API key (`bfk_…`) or a province data consumer's (`bfd_…`), sent as X-Api-Key. */
  apiKey?: string;
  /** Accept-Language, so refusals come in the caller's language (vi, en, zh). */
  language?: string | (() => string | undefined);
  /**
   * Called on a 401 of a call that carried a token: resolves with a fresh access token (the call is
   * then retried once) or null when the session cannot be renewed.
   */
  renewToken?: () => Promise<string | null>;
  /** Called on a 401 of an authenticated call that renewing did not cure (expired or revoked session). */
  onUnauthenticated?: (error: ApiError) => void;
  /** Per-request timeout in ms (none by default). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Per-call options common to every route. */
export interface CallOptions {
  /** Extra request headers (If-Match, If-None-Match…). */
  headers?: Record<string, string>;
  /** Idempotency-Key of a creating POST: a retry with the same key gets the first answer. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /**
   * The browser's HTTP cache mode (fetch's `cache`): 'no-cache' revalidates a cacheable answer (a 304 when
   * unchanged) where a page must show what the server holds now, not a copy from before its own action.
   */
  cache?: CacheMode;
}

/** fetch's `cache` modes (RequestCache in the DOM library, which this package does not load). */
export type CacheMode = 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';

type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };

/** What a call of route `C` takes: its params and body (required when the route has them), query and options. */
export type CallInput<C extends AnyRoute> = CallOptions &
  Part<'params', RouteParamsIn<C>> &
  Part<'body', RouteBodyIn<C>> & { query?: RouteQueryIn<C> };

type CallArgs<C extends AnyRoute> = [RouteParamsIn<C>, RouteBodyIn<C>] extends [undefined, undefined]
  ? [input?: CallInput<C>]
  : [input: CallInput<C>];

/** A whole answer: status, headers and the parsed body (undefined for 204/304). */
export interface Exchange<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** A request by method and path, for what no route of the table describes (or a raw answer). */
export interface RawRequest {
  body?: unknown;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  cache?: CacheMode;
}

export interface BorderFlowClient {
  /**
   * Calls one route of the table and returns its parsed answer.
   *
   * @example
   * const trip = await client.call(ROUTES.readTrip, { params: { tripId } });
   */
  call<C extends AnyRoute>(route: C, ...args: CallArgs<C>): Promise<RouteResponse<C>>;
  /** Like `call`, with the status and headers (ETag, Location, 304). */
  exchange<C extends AnyRoute>(route: C, ...args: CallArgs<C>): Promise<Exchange<RouteResponse<C> | undefined>>;
  /**
   * Calls a route that answers a file or page (CSV, HTML) and returns its text.
   *
   * @example
   * const csv = await client.text(ROUTES.exportAuditCsv, { query: { action: 'user.create' } });
   */
  text<C extends AnyRoute>(route: C, ...args: CallArgs<C>): Promise<string>;
  /** An untyped request (JSON in and out, same auth, errors and renewal). */
  request<T = unknown>(method: string, path: string, req?: RawRequest): Promise<Exchange<T>>;
}

/** A 401 to a call that carried `token` (internal: decides whether to renew and retry). */
class RefusedToken extends Error {
  constructor(
    readonly error: ApiError,
    readonly token: string,
  ) {
    super(error.message);
  }
}

/**
 * `path?a=1&b=x,y`: arrays are comma-joined (the API's multi-value style), empty values left out.
 *
 * @example withQuery('/v1/trips', { state: ['queued', 'called'], limit: 20 }); // '/v1/trips?state=queued%2Ccalled&limit=20'
 */
export function withQuery(path: string, query?: Record<string, unknown>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * Who calls and in which language: Accept-Language, X-Api-Key and the bearer token, as every request
 * of the client (and the company feed, company-feed.ts) sends them.
 *
 * @example fetch(url, { headers: { accept: 'text/event-stream', ...callerHeaders({ apiKey }) } });
 */
export function callerHeaders(options: ClientOptions, token: string | null | undefined = options.token?.()): Record<string, string> {
  const headers: Record<string, string> = {};
  const language = typeof options.language === 'function' ? options.language() : options.language;
  if (language) headers['accept-language'] = language;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/**
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:3000', token: () => session.token, language: 'vi' });
 * const { trips } = await client.call(ROUTES.listTrips, { query: { state: ['queued'] } });
 */
export function createClient(options: ClientOptions = {}): BorderFlowClient {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(method: string, path: string, req: RawRequest, token: string | null): Promise<Exchange<unknown>> {
    // The caller's extra headers first: auth and Accept are the client's own.
    const headers: Record<string, string> = { ...req.headers };
    // JSON first; the few non-JSON answers (the audit CSV, a report page) must not be refused with 406.
    headers.accept = 'application/json, */*;q=0.1';
    Object.assign(headers, callerHeaders(options, token));
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const timeout = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
    const signal = req.signal && timeout ? AbortSignal.any([req.signal, timeout]) : (req.signal ?? timeout);
    let res: Response;
    try {
      res = await doFetch(`${base}${withQuery(path, req.query)}`, { method, headers, body, signal, ...(req.cache ? { cache: req.cache } : {}) });
    } catch (err) {
      if ((err as { name?: string }).name === 'AbortError' && req.signal?.aborted) throw err;
      throw new ApiError(0, 'NETWORK', `${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      const type = res.headers.get('content-type') ?? '';
      try {
        json = /json/.test(type) || type === '' ? JSON.parse(text) : text;
      } catch {
        json = text;
      }
    }
    if (!res.ok && res.status !== 304) {
      const error = ApiError.fromResponse(res.status, json);
      if (res.status === 401 && token) throw new RefusedToken(error, token);
      throw error;
    }
    return { status: res.status, headers: res.headers, body: json };
  }

  async function request<T>(method: string, path: string, req: RawRequest = {}): Promise<Exchange<T>> {
    try {
      return (await send(method, path, req, options.token?.() ?? null)) as Exchange<T>;
    } catch (err) {
      if (!(err instanceof RefusedToken)) throw err;
      const renewed = options.renewToken ? await options.renewToken().catch(() => null) : null;
      if (renewed && renewed !== err.token) {
        try {
          return (await send(method, path, req, renewed)) as Exchange<T>;
        } catch (again) {
          if (!(again instanceof RefusedToken)) throw again;
          options.onUnauthenticated?.(again.error);
          throw again.error;
        }
      }
      options.onUnauthenticated?.(err.error);
      throw err.error;
    }
  }

  async function exchange<C extends AnyRoute>(route: C, input: CallInput<C> = {} as CallInput<C>): Promise<Exchange<RouteResponse<C> | undefined>> {
    const headers = { ...input.headers, ...(input.idempotencyKey ? { 'idempotency-key': input.idempotencyKey } : {}) };
    const path = routePath(route, input.params as Record<string, unknown> | undefined);
    const method = route.method.toUpperCase();
    // A route that takes a body gets one even when every field is optional (`{}`): the server expects JSON.
    const body = input.body ?? (route.body ? {} : undefined);
    const answer = await request(method, path, { body, query: input.query as Record<string, QueryValue> | undefined, headers, signal: input.signal, cache: input.cache });
    if (answer.status === 304 || answer.body === undefined || !route.response) return answer as Exchange<RouteResponse<C> | undefined>;
    const parsed = route.response.safeParse(answer.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(answer.status, 'INTERNAL', `unexpected answer from ${method} ${route.path}: ${issue?.message ?? 'invalid'}`, issue ? issue.path.join('.') : null);
    }
    return { ...answer, body: parsed.data as RouteResponse<C> };
  }

  return {
    exchange: (route, ...args) => exchange(route, args[0]),
    call: async (route, ...args) => (await exchange(route, args[0])).body as RouteResponse<typeof route>,
    text: async (route, ...args) => {
      const body = (await exchange(route, args[0])).body as unknown;
      return typeof body === 'string' ? body : JSON.stringify(body ?? '');
    },
    request,
  };
}
