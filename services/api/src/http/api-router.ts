/**
 * Routes are declared once, with their zod schemas, roles and summary: the
 * same declaration mounts the Express handler (auth, role check, validation)
 * and feeds /openapi.json, so the documentation cannot drift from the code.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '@borderflow/contracts';
import type { AuthConfig } from '../auth/auth-config.ts';
import { requireAuth, requireRole } from '../auth/require-auth.ts';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: nobody needs a token (`public`), any signed-in user, or listed roles. */
export type RouteAccess = 'public' | 'authenticated' | readonly Role[];

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: HttpMethod;
  /** Express path, e.g. `/v1/trips/:tripId`. */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: P;
  query?: Q;
  body?: B;
  /** Documented response body; `null` = no JSON body. */
  response?: Schema | null;
  /** Success status (default 200). */
  status?: number;
  /** Error codes this route can answer with (documentation). */
  errors?: number[];
  /** Extra middleware run after auth, before validation (e.g. a rate limiter). */
  before?: RequestHandler[];
  /** Returns the JSON body to send; `undefined` if the handler wrote the response itself. */
  handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>) => unknown;
}

/** What /openapi.json needs to know about one route. */
export interface RouteDoc {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  response?: Schema | null;
  status: number;
  errors: number[];
}

/**
 * Mounts validated routes on an Express router and records them for OpenAPI.
 *
 * @example
 * const api = new ApiRouter(router, auth);
 * api.route({ method: 'get', path: '/v1/me', summary: 'Who am I', tag: 'auth', access: 'authenticated',
 *   handler: ({ req }) => principalOf(req) });
 */
export class ApiRouter {
  readonly docs: RouteDoc[] = [];

  constructor(
    readonly router: Router,
    private readonly auth: AuthConfig,
  ) {}

  route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const status = spec.status ?? 200;
    const chain: RequestHandler[] = [];
    if (spec.access !== 'public') chain.push(requireAuth(this.auth));
    if (Array.isArray(spec.access)) chain.push(requireRole(...(spec.access as Role[])));
    chain.push(...(spec.before ?? []));
    chain.push(async (req, res) => {
      // Params first, then query, then body: the first failing part names its field.
      const params = spec.params ? spec.params.parse(req.params) : undefined;
      const query = spec.query ? spec.query.parse(req.query) : undefined;
      const body = spec.body ? spec.body.parse(req.body ?? {}) : undefined;
      const out = await spec.handler({
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
        req,
        res,
      });
      if (res.headersSent || out === undefined) {
        if (!res.headersSent) res.status(status === 200 ? 204 : status).end();
        return;
      }
      res.status(status).json(out);
    });
    this.router[spec.method](spec.path, ...chain);
    const errors = new Set<number>(spec.errors ?? []);
    if (spec.params || spec.query || spec.body) errors.add(400);
    if (spec.access !== 'public') errors.add(401);
    if (Array.isArray(spec.access)) errors.add(403);
    this.docs.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      access: spec.access,
      params: spec.params,
      query: spec.query,
      body: spec.body,
      response: spec.response,
      status,
      errors: [...errors].sort(),
    });
  }
}
