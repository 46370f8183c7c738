/**
 * The console's fetch wrapper: JSON in and out, the bearer token, and every failure turned into
 * an `ApiError` carrying the server's own message and field ("no silent failures"). A zod
 * schema may be given to check the answer's shape.
 */
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions<S extends z.ZodType | undefined = undefined> {
  body?: unknown;
  query?: Query;
  /** Validates (and strips) the answer; without it the answer is returned as typed by the caller. */
  schema?: S;
  signal?: AbortSignal;
}

type Answer<T, S> = S extends z.ZodType ? z.output<S> : T;

export interface ApiClient {
  request<T = unknown, S extends z.ZodType | undefined = undefined>(method: string, path: string, options?: RequestOptions<S>): Promise<Answer<T, S>>;
  get<T = unknown, S extends z.ZodType | undefined = undefined>(path: string, options?: RequestOptions<S>): Promise<Answer<T, S>>;
  post<T = unknown, S extends z.ZodType | undefined = undefined>(path: string, body?: unknown, options?: RequestOptions<S>): Promise<Answer<T, S>>;
  patch<T = unknown, S extends z.ZodType | undefined = undefined>(path: string, body?: unknown, options?: RequestOptions<S>): Promise<Answer<T, S>>;
}

export interface ApiClientOptions {
  /** '' (same origin) in the app; a full URL in tests. */
  baseUrl?: string;
  getToken?: () => string | null;
  /** Called on a 401 from an authenticated call (expired or revoked session). */
  onUnauthenticated?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * @example
 * const api = createApiClient({ getToken: () => session.token });
 * const { lanes } = await api.get('/v1/gates/KT/lanes', { schema: ZLanesSchema });
 * await api.post('/v1/gates/KT/lanes/KT-X1/pause', { reason: 'lunch' }); // throws ApiError on 4xx/5xx
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<T, S extends z.ZodType | undefined>(method: string, path: string, req: RequestOptions<S> = {}): Promise<Answer<T, S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.getToken?.() ?? null;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${withQuery(path, req.query)}`, { method, headers, body, signal: req.signal });
    } catch (err) {
      if ((err as { name?: string }).name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
    }
    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    }
    if (!res.ok) {
      const error = ApiError.fromResponse(res.status, json);
      if (res.status === 401 && token) options.onUnauthenticated?.(error);
      throw error;
    }
    if (req.schema) {
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ApiError(res.status, 'INTERNAL', `unexpected answer from ${path}: ${issue?.message ?? 'invalid'}`, issue ? issue.path.join('.') : null);
      }
      return parsed.data as Answer<T, S>;
    }
    return json as Answer<T, S>;
  }

  return {
    request,
    get: (path, req) => request('GET', path, req),
    post: (path, body, req) => request('POST', path, { ...req, body: body ?? {} }),
    patch: (path, body, req) => request('PATCH', path, { ...req, body }),
  };
}
