/**
 * The route table's one helper. A route contract is everything a caller and the
 * server must agree on — method, path, the zod schemas of params, query, body
 * and answer, the success status, summary and tag — and nothing about who may
 * call it (the api's permission table) or how it is served (the api's handler).
 * The api mounts handlers by contract, /openapi.json is built from the same
 * contracts, and @borderflow/client calls them: one declaration, three uses (ts-rest's idea, without ts-rest).
 */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Schema = z.ZodType;

export interface RouteContract<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | null | undefined = Schema | null | undefined,
> {
  readonly method: HttpMethod;
  /** Express-style path, e.g. `/v1/trips/:tripId`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The answer's JSON body; `null` = no JSON body (204, a file, a page). */
  readonly response?: R;
  /** Success status (default 200). */
  readonly status?: number;
  /** Error statuses this route answers with besides the ones its access implies (documentation). */
  readonly errors?: readonly number[];
  /** Media types the route answers with (default JSON); an `Accept` naming none of them gets 406. */
  readonly produces?: readonly string[];
  /** Headers the caller must send besides auth (name → meaning), e.g. a signed webhook's signature. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /**
   * The body of a route whose handler reads it raw (a signed body is verified before anything parses it):
   * documented, never parsed by the router. Routes the router validates use `body`.
   */
  readonly documentedBody?: z.ZodType;
  /** Longer prose for the reference (OpenAPI `description`); the summary is the first line. */
  readonly description?: string;
  /**
   * A request an integrator can copy and the answer it gets: emitted in /openapi.json and sent to a real
   * server by the api's route-examples test (so an example cannot drift from what the server does).
   */
  readonly examples?: RouteExamples<P, Q, B, R>;
}

/**
 * One worked call of a route. Values are what goes over the wire (JSON), so they are the schemas' input for
 * the request and the response schema's input (the JSON the server sends). Ids the server mints are written
 * as the `EXAMPLE_IDS` placeholders: the examples test swaps them for ids of things it created.
 */
export interface RouteExamples<P, Q, B, R> {
  readonly params?: In<P>;
  readonly query?: In<Q>;
  readonly body?: In<B>;
  /** The success answer's JSON body (absent when the route answers no JSON body). */
  readonly response?: R extends Schema ? z.input<R> : undefined;
}

/**
 * Declares one route; the schema types stay exact, so handlers and the client are typed from them.
 *
 * @example
 * export const readTrip = defineRoute({
 *   method: 'get', path: '/v1/trips/:tripId', summary: 'One trip', tag: 'trips',
 *   params: ZTripParamsSchema, response: ZTripSchema, errors: [404],
 * });
 */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | null | undefined = undefined,
>(route: RouteContract<P, Q, B, R>): RouteContract<P, Q, B, R> {
  return route;
}

/** The examples a route contract takes (its own schemas' shapes). */
export type ExamplesOf<C> = C extends RouteContract<infer P, infer Q, infer B, infer R> ? RouteExamples<P, Q, B, R> : never;

/** The examples of a group of routes, by route name. */
export type ExamplesFor<T> = { readonly [K in keyof T]?: ExamplesOf<T[K]> };

/**
 * Attaches examples kept apart from the contracts (routes/examples/*.ts: long JSON would bury the
 * contracts) to a group of routes; each example is typed by its own route's schemas.
 *
 * @example
 * export const ROUTES = withExamples({ ...TRIP_ROUTES }, { readTrip: { params: { tripId: EXAMPLE_IDS.trip } } });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withExamples<T extends Record<string, RouteContract<any, any, any, any>>>(routes: T, examples: ExamplesFor<T>): T {
  const out: Record<string, unknown> = {};
  for (const [name, route] of Object.entries(routes)) {
    const e = examples[name as keyof T];
    out[name] = e && !route.examples ? { ...route, examples: e } : route;
  }
  return out as T;
}

/** Any route contract (for code that handles every route alike). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteContract<any, any, any, any>;

type In<S> = S extends Schema ? z.input<S> : undefined;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/** What a caller sends as path parameters, query and body (before the server's parsing). */
export type RouteParamsIn<C> = C extends RouteContract<infer P, infer _Q, infer _B, infer _R> ? In<P> : never;
export type RouteQueryIn<C> = C extends RouteContract<infer _P, infer Q, infer _B, infer _R> ? In<Q> : never;
export type RouteBodyIn<C> = C extends RouteContract<infer _P, infer _Q, infer B, infer _R> ? In<B> : never;
/** What the server's handler receives, parsed. */
export type RouteParamsOut<C> = C extends RouteContract<infer P, infer _Q, infer _B, infer _R> ? Out<P> : never;
export type RouteQueryOut<C> = C extends RouteContract<infer _P, infer Q, infer _B, infer _R> ? Out<Q> : never;
export type RouteBodyOut<C> = C extends RouteContract<infer _P, infer _Q, infer B, infer _R> ? Out<B> : never;
/** The answer's body: the response schema's output, `undefined` for no body, `unknown` when undocumented. */
export type RouteResponse<C> = C extends RouteContract<infer _P, infer _Q, infer _B, infer R>
  ? R extends Schema ? z.output<R> : R extends null ? undefined : unknown
  : never;

/**
 * The concrete path of a route: each `:name` replaced by its (URI-encoded) parameter.
 *
 * @example
 * routePath(ROUTES.readTrip, { tripId: 'abc' }); // '/v1/trips/abc'
 */
export function routePath(route: Pick<RouteContract, 'path'>, params: Record<string, unknown> | undefined): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new TypeError(`${route.path}: path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}
