/**
 * Routes are declared once, with their zod schemas, roles and summary: the
 * same declaration mounts the Express handler (auth, role check, validation)
 * and feeds /openapi.json, so the documentation cannot drift from the code.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { HttpMethod, PrincipalRole, ProblemItem, RouteContract, RouteExamples } from '@borderflow/contracts';
import type { AuthConfig } from '../auth/auth-config.ts';
import { requireAuth, requireRole, requireScope } from '../auth/require-auth.ts';
import type { PrismaClient } from '@borderflow/db';
import type { SessionRevocations } from '../auth/session-revocations.ts';
import { ALL_ROLES, PERMISSIONS, type Access, type Permission } from '../auth/permissions.ts';
import { principalOf } from '../auth/require-auth.ts';
import { AppError } from '../app-error.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { nulItems, problemItems } from './problem.ts';
import { pickLang } from './problem-messages.ts';
import type { ResponseCheck } from './response-check.ts';
import type { RequestLimiter, RouteBudget } from './request-rate-limit.ts';
import { REFUSALS } from './refusal-words.ts';
import { sendJson } from './json-answer.ts';
import { runInTurn } from './in-turn.ts';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
export type { HttpMethod };

/** Who may call a route: nobody needs a token (`public`), any signed-in user, or listed roles. */
export type RouteAccess = Access;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

/**
 * How the api serves one route of the table (contracts' ROUTES): who may call it, what runs before
 * validation, and the handler. Everything a caller must know (path, schemas, status) is the contract's.
 */
export interface RouteBinding<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | null | undefined> {
  /** The row of the permission table (auth/permissions.ts) that says who may call this route. */
  permission: Permission;
  /** Extra middleware run after auth, before validation. */
  before?: RequestHandler[];
  /** A request budget of the route's own, counted with the general one in the same round trip. */
  budget?: RouteBudget;
  /** Where the created resource lives (sent as `Location` on 201/202). */
  location?: (out: R extends Schema ? z.output<R> : never) => string;
  /** Returns the JSON body to send; `undefined` if the handler wrote the response itself. */
  handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>) => unknown;
}

/** What /openapi.json needs to know about one route. */
export interface RouteDoc {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  permission: Permission;
  access: RouteAccess;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  response?: Schema | null;
  status: number;
  errors: number[];
  description?: string;
  produces?: readonly string[];
  requestHeaders?: Readonly<Record<string, string>>;
  documentedBody?: Schema;
  examples?: RouteExamples<unknown, unknown, unknown, unknown>;
}

/**
 * Mounts validated routes on an Express router and records them for OpenAPI.
 *
 * @example
 * const api = new ApiRouter(router, auth, revocations);
 * api.route(ROUTES.me, { permission: 'auth.me', handler: ({ req }) => principalOf(req) });
 */
export class ApiRouter {
  readonly docs: RouteDoc[] = [];
  /** Handler chains of the routes without path parameters, by `METHOD /path` (see `exactRoutesAnsweringErrorsWith`). */
  private readonly exact = new Map<string, RequestHandler[]>();

  constructor(
    readonly router: Router,
    private readonly auth: AuthConfig,
    private readonly revocations: SessionRevocations,
    /** Per-IP and per-account request limits (http/request-rate-limit.ts); none when absent. */
    private readonly rateLimit?: RequestLimiter,
    /** Stored first answers of creating POSTs, by Idempotency-Key; none when absent. */
    private readonly idempotency?: IdempotencyStore,
    /** Where company API keys are looked up; without it only signed-in users authenticate. */
    private readonly apiKeysDb?: PrismaClient,
    /** Validates each JSON answer against its route's response schema (development and tests; see response-check.ts). */
    private readonly checkResponse?: ResponseCheck,
  ) {}

  /**
   * Mount right before `router` (app.use(api.exactRoutesAnsweringErrorsWith(errors)); app.use(router)).
   * Serves a request whose method and path are exactly a parameterless route's with one map lookup,
   * ahead of Express' walk, which tests every route's pattern in turn (~200 here): 6 % of a booking
   * storm's CPU (issue 12). Anything else (a path with parameters, another case, a trailing slash, HEAD)
   * goes on to `router`, whose copy of the same route answers as before. A route is entered only when
   * no route declared before it serves its path, so the one that answers is the one Express would pick.
   *
   * Its refusals go straight to `errors`, the app's error handler, instead of walking every later layer
   * to reach it (Express would match each route pattern against the refused path again on the way; a
   * booking storm is 97 % refusals). Only for an app that mounts `errors` as its one error-handling
   * middleware, after the router (createApp).
   *
   * @example
   * app.use(api.exactRoutesAnsweringErrorsWith(errors)); app.use(router); …; app.use(errors);
   */
  exactRoutesAnsweringErrorsWith(errors: ErrorRequestHandler): RequestHandler {
    return (req, res, next) => {
      this.serveExact(req, res, next, errors);
    };
  }

  private serveExact(req: Request, res: Response, next: NextFunction, errors: ErrorRequestHandler): void {
    const chain = this.exact.get(`${req.method} ${req.path}`);
    if (!chain) {
      next();
      return;
    }
    req.params = {};
    // What Express' route sets: the metrics label the request by it.
    (req as { route?: unknown }).route = { path: req.path };
    // A refusal: straight to `errors` while nothing is sent yet, else on through Express' error handling.
    const fail = (err: unknown): void => {
      if (res.headersSent) {
        next(err);
        return;
      }
      try {
        const ret: unknown = errors(err, req, res, next);
        if (ret instanceof Promise) ret.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (e) {
        next(e);
      }
    };
    // As Express 5 runs a handler: a throw or a rejected promise goes to the error handlers.
    runInTurn(chain, 0, req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) fail(err);
      else next();
    });
  }

  /**
   * The methods declared for a concrete path (empty: no route has this path), for 405 + Allow.
   *
   * @example
   * api.methodsFor('/v1/trips'); // ['get', 'post']
   */
  methodsFor(path: string): string[] {
    return this.docs.filter((d) => pathPattern(d.path).test(path)).map((d) => d.method);
  }

  /**
   * Serves one route of the contracts' table (ROUTES) with its binding: who may call it, what runs
   * before, the handler. There is no inline form: a route no typed client can call would drift.
   */
  route<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | null | undefined>(
    contract: RouteContract<P, Q, B, R>,
    binding: RouteBinding<P, Q, B, R>,
  ): void {
    const spec = { ...contract, ...binding };
    const status = spec.status ?? 200;
    const access: RouteAccess = PERMISSIONS[spec.permission];
    const chain: RequestHandler[] = [];
    // The account's budget is spent inside requireAuth, after the token is verified, so only by that account
    // (and, on one Redis server, in the session check's round trip).
    if (access !== 'public') chain.push(requireAuth(this.auth, this.revocations, this.apiKeysDb, this.rateLimit?.forAccount(spec.budget)));
    else if (this.rateLimit) chain.push(this.rateLimit.ipOnly);
    // A key's refused calls still spend its budget above: flooding with the wrong scope costs the same.
    if (access !== 'public') chain.push(requireScope(spec.permission));
    if (Array.isArray(access)) chain.push(requireRole(...(access as PrincipalRole[])));
    // Any signed-in person: a data consumer's key is a machine with the province rows only.
    if (access === 'authenticated') chain.push(requireRole(...ALL_ROLES));
    chain.push(...(spec.before ?? []));
    const produces = spec.produces ?? ['application/json'];
    // A POST answering 201/202 creates something: a retry with the same Idempotency-Key gets the first answer.
    const creates = spec.method === 'post' && (status === 201 || status === 202) && access !== 'public';
    const check = this.checkResponse;
    const responseSchema = spec.response ?? undefined;
    chain.push(async (req, res) => {
      let checked = false;
      if (check && responseSchema) {
        // A handler that writes its answer itself (a status of its own) is checked too; errors are problems, not the route's.
        const json = res.json.bind(res);
        res.json = (out: unknown) => {
          if (!checked && res.statusCode < 300) check(spec, responseSchema, out);
          return json(out);
        };
      }
      // What a signed-in caller reads is theirs (trips, names, plates): no shared or browser cache keeps it.
      if (access !== 'public') res.setHeader('Cache-Control', 'private, no-store');
      if (req.headers.accept !== undefined && !req.accepts([...produces])) {
        throw AppError.worded('NOT_ACCEPTABLE', REFUSALS.notAcceptable(produces), 'Accept');
      }
      if (spec.body && hasBody(req) && !req.is('application/json')) {
        throw AppError.worded('UNSUPPORTED_MEDIA_TYPE', REFUSALS.sendJson, 'Content-Type');
      }
      // Params, query and body are all checked: every problem of the request is reported at once.
      const lang = pickLang(req.headers['accept-language']);
      const issues: ProblemItem[] = [];
      const parse = (schema: Schema | undefined, value: unknown, part: 'path' | 'query' | 'body') => {
        if (!schema) return undefined;
        const r = schema.safeParse(value);
        if (r.success) {
          issues.push(...nulItems(r.data, part, lang));
          return r.data;
        }
        issues.push(...problemItems(r.error, part, lang));
        return undefined;
      };
      const params = parse(spec.params, req.params, 'path');
      const query = parse(spec.query, req.query, 'query');
      const body = parse(spec.body, req.body ?? {}, 'body');
      const idem = creates && this.idempotency ? this.idempotency.keyOf(req) : null;
      if (idem instanceof AppError) issues.push(...idem.issues.map((i) => ({ ...i, detail: idem.worded?.[lang] ?? i.detail })));
      const first = issues[0];
      if (first) throw new AppError('VALIDATION_FAILED', first.detail, first.field, issues);
      const claim = idem && !(idem instanceof AppError) && this.idempotency
        ? await this.idempotency.claim(principalOf(req).id, idem, req)
        : null;
      if (claim?.replay) {
        checked = true;
        res.setHeader('Idempotent-Replayed', 'true');
        if (claim.replay.location) res.setHeader('Location', claim.replay.location);
        sendJson(req, res, claim.replay.status, claim.replay.body);
        return;
      }
      let out: unknown;
      try {
        out = await spec.handler({
          params: params as Infer<P>,
          query: query as Infer<Q>,
          body: body as Infer<B>,
          req,
          res,
        });
      } catch (err) {
        // A refused request stored nothing: the same key may be used again once the cause is fixed.
        if (claim) await claim.release();
        throw err;
      }
      if (res.headersSent || out === undefined) {
        if (!res.headersSent) res.status(status === 200 ? 204 : status).end();
        if (claim) await claim.release();
        return;
      }
      if (check && responseSchema) {
        try {
          check(spec, responseSchema, out);
          checked = true;
        } catch (err) {
          if (claim) await claim.release();
          throw err;
        }
      }
      const location = spec.location && (status === 201 || status === 202) ? spec.location(out as never) : undefined;
      if (location) res.setHeader('Location', location);
      if (claim) await claim.complete({ status, body: out, location });
      sendJson(req, res, status, out);
    });
    this.router[spec.method](spec.path, ...chain);
    const exactKey = `${spec.method.toUpperCase()} ${spec.path}`;
    const shadowed = this.docs.some((d) => d.method === spec.method && pathPattern(d.path).test(spec.path));
    if (!spec.path.includes(':') && !spec.path.includes('*') && !shadowed && !this.exact.has(exactKey)) this.exact.set(exactKey, chain);
    const errors = new Set<number>(spec.errors ?? []);
    if (spec.body) errors.add(415);
    errors.add(406);
    if (spec.params || spec.query || spec.body) errors.add(400);
    if (access !== 'public') errors.add(401);
    if (Array.isArray(access)) errors.add(403);
    this.docs.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      permission: spec.permission,
      access,
      params: spec.params,
      query: spec.query,
      body: spec.body,
      response: spec.response,
      status,
      errors: [...errors].sort(),
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.produces ? { produces: spec.produces } : {}),
      ...(spec.requestHeaders ? { requestHeaders: spec.requestHeaders } : {}),
      ...(spec.documentedBody ? { documentedBody: spec.documentedBody } : {}),
      ...(spec.examples ? { examples: spec.examples as RouteExamples<unknown, unknown, unknown, unknown> } : {}),
    });
  }
}

const patterns = new Map<string, RegExp>();

/** `/v1/trips/:tripId` as a regular expression matching one concrete path. */
function pathPattern(path: string): RegExp {
  let re = patterns.get(path);
  if (!re) {
    const body = path
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${body}/?$`);
    patterns.set(path, re);
  }
  return re;
}

/** Whether the request carries a body (a length above zero, or chunked). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}
