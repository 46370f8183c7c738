/**
 * Builds the OpenAPI 3.1 document from the route declarations (see
 * api-router.ts). OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
 * zod 4's `z.toJSONSchema` emits by default. Besides the /v1 routes it documents
 * the probes (openapi-extras.ts) and the webhooks BorderFlow sends.
 */
import { z } from 'zod';
import { ERROR_CODES, ROUTE_TAGS, ZErrorResponseSchema } from '@borderflow/contracts';
import { SCOPE_OF } from '../auth/permissions.ts';
import type { RouteDoc } from './api-router.ts';
import { PROBE_PATHS, WEBHOOKS, type JsonSchema } from './openapi-extras.ts';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: it happens in the background',
  204: 'No content',
  400: 'Validation failed (the error names the field and the rule)',
  401: 'Missing, expired or forged token',
  403: 'Your role may not do this',
  404: 'Not found (also: another driver\'s trip)',
  409: 'Conflict with the current state',
  406: 'The Accept header allows no media type this operation produces',
  412: 'If-Match does not match the current ETag: read again, then retry',
  413: 'Body larger than 64 kB',
  415: 'The body is not application/json',
  429: 'Too many requests: wait for Retry-After seconds',
  503: 'A dependency is down',
};

/**
 * @example
 * toSchema(ZTripSchema, 'output'); // { type: 'object', properties: { id: … } }
 */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return plainer(json) as JsonSchema;
}

/**
 * The same JSON Schema in the shapes readers and code generators handle: a record keyed by an enum
 * (zod: `propertyNames` + `required` every key) becomes plain properties; `anyOf: [{}, …]` (anything,
 * or null) becomes `{}`. Validation is unchanged.
 */
function plainer(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plainer);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, plainer(v)]));
  const keys = (out.propertyNames as JsonSchema | undefined)?.enum as string[] | undefined;
  if (keys && out.additionalProperties && typeof out.additionalProperties === 'object' && !out.properties) {
    out.properties = Object.fromEntries(keys.map((k) => [k, out.additionalProperties]));
    out.additionalProperties = false;
    delete out.propertyNames;
  }
  if (Array.isArray(out.anyOf) && out.anyOf.some((s: unknown) => s && typeof s === 'object' && Object.keys(s).length === 0)) {
    delete out.anyOf;
  }
  return out;
}

/** Turns an object schema (params or query) into OpenAPI parameters, each with its example value if the route has one. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', example: unknown): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  const values = (example ?? {}) as Record<string, unknown>;
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...(values[name] !== undefined ? { example: values[name] } : {}),
  }));
}

/** The one error body (RFC 9457 problem), generated from the contracts' schema; every error response refers to it. */
const ERROR_BODY: JsonSchema = toSchema(ZErrorResponseSchema, 'output');
const ERROR_REF: JsonSchema = { $ref: '#/components/schemas/Error' };

/** The media type object of a JSON body: its schema, and the route's example as `examples.example`. */
function jsonMedia(schema: JsonSchema, example: unknown): JsonSchema {
  return example === undefined ? { schema } : { schema, examples: { example: { value: example } } };
}

/** A camelCase operationId from method and path: `getV1TripsTripId`. */
function operationId(method: string, path: string): string {
  return `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`;
}

function operation(r: RouteDoc, path: string): JsonSchema {
  const ex = r.examples;
  const responses: Record<string, JsonSchema> = {};
  const ok: JsonSchema = { description: STATUS_TEXT[r.status] ?? 'OK' };
  const produces = r.produces ?? ['application/json'];
  if (r.response) ok.content = { 'application/json': jsonMedia(toSchema(r.response, 'output'), ex?.response) };
  else if (r.response === null && !produces.includes('application/json')) {
    ok.content = Object.fromEntries(produces.map((type) => [type, { schema: { type: 'string' } }]));
  }
  responses[String(r.status)] = ok;
  // Every /v1 call spends a rate-limit budget (request-rate-limit.ts).
  for (const code of [...new Set([...r.errors, 429])].sort()) {
    responses[String(code)] = {
      description: STATUS_TEXT[code] ?? 'Error',
      content: { 'application/problem+json': { schema: ERROR_REF } },
    };
  }
  const roles = Array.isArray(r.access) ? r.access.join(', ') : r.access;
  const op: JsonSchema = {
    summary: r.summary,
    description: `${r.description ? `${r.description}\n\n` : ''}Access: ${roles}.`,
    // The row of the permission table: clients read who may call, the RBAC matrix test derives expectations.
    'x-permission': r.permission,
    tags: [r.tag],
    operationId: operationId(r.method, path),
    parameters: [
      ...parameters(r.params, 'path', ex?.params),
      ...parameters(r.query, 'query', ex?.query),
      ...Object.entries(r.requestHeaders ?? {}).map(([name, description]) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } })),
    ],
    // An API key opens only the operations its scopes name (permissions.ts SCOPE_OF); 3.1 lists them as roles.
    security: r.access === 'public' ? [] : [{ bearerAuth: [] }, ...(SCOPE_OF[r.permission] ? [{ apiKey: [SCOPE_OF[r.permission]] }] : [])],
    responses,
  };
  if (r.body) op.requestBody = { required: true, content: { 'application/json': jsonMedia(toSchema(r.body, 'input'), ex?.body) } };
  else if (r.documentedBody) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.documentedBody, 'input') } } };
  return op;
}

/**
 * @example
 * const doc = buildOpenApi(api.docs, { version: '0.1.0' });
 * doc.paths['/v1/trips'].post.requestBody; // JSON Schema of the trip registration, with an example
 */
export function buildOpenApi(routes: readonly RouteDoc[], info: { version: string; serverUrl?: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[r.method] = operation(r, path);
  }
  for (const [path, item] of Object.entries(PROBE_PATHS)) paths[path] = item;
  return {
    openapi: '3.1.0',
    info: {
      title: 'BorderFlow API',
      version: info.version,
      description:
        'Digital border-gate platform. Every error is an RFC 9457 application/problem+json body (components.schemas.Error) ' +
        `with a stable code from a closed list (${ERROR_CODES.join(', ')}; see /docs/errors) and every problem of the request in errors[]. ` +
        'Every answer carries X-Request-Id and RateLimit-* headers; lists page with ?limit=&cursor= and answer nextCursor; ' +
        'creating POSTs take Idempotency-Key; GET of a trip sends an ETag, PATCH takes If-Match (412 when stale). ' +
        'Systems authenticate with a company API key (X-Api-Key). Webhooks BorderFlow sends are under `webhooks`. ' +
        'Live updates: Socket.IO namespace /live, described by the AsyncAPI document at /asyncapi.json.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-BorderFlow' },
    },
    // Relative: the API is where this document is served (clients resolve it against /openapi.json's origin).
    servers: [{ url: info.serverUrl ?? '/', description: 'This deployment (the origin serving this document)' }],
    tags: Object.entries(ROUTE_TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of POST /v1/auth/login (a person).' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: "A company API key (a system); see GET /v1/company/api-keys." },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN of the deployment (never a user token).' },
      },
      schemas: { Error: ERROR_BODY },
    },
    paths,
    webhooks: WEBHOOKS,
  };
}
