/**
 * Builds the OpenAPI 3.1 document from the route declarations (see
 * api-router.ts). OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
 * zod 4's `z.toJSONSchema` emits by default.
 */
import { z } from 'zod';
import type { RouteDoc } from './api-router.ts';

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'Validation failed (the error names the field and the rule)',
  401: 'Missing, expired or forged token',
  403: 'Your role may not do this',
  404: 'Not found (also: another driver\'s trip)',
  409: 'Conflict with the current state',
  413: 'Body larger than 64 kB',
  429: 'Too many requests',
  503: 'A dependency is down',
};

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Turns an object schema (params or query) into OpenAPI parameters. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

const ERROR_BODY: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'field'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: ['string', 'null'] },
      },
    },
  },
};

/**
 * @example
 * const doc = buildOpenApi(api.docs, { version: '0.1.0' });
 * doc.paths['/v1/trips'].post.requestBody; // JSON Schema of the trip registration
 */
export function buildOpenApi(routes: readonly RouteDoc[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, JsonSchema> = {};
    const ok: JsonSchema = { description: STATUS_TEXT[r.status] ?? 'OK' };
    if (r.response) ok.content = { 'application/json': { schema: toSchema(r.response, 'output') } };
    responses[String(r.status)] = ok;
    for (const code of r.errors) {
      responses[String(code)] = {
        description: STATUS_TEXT[code] ?? 'Error',
        content: { 'application/json': { schema: ERROR_BODY } },
      };
    }
    const roles = Array.isArray(r.access) ? r.access.join(', ') : r.access;
    const op: JsonSchema = {
      summary: r.summary,
      description: `Access: ${roles}.`,
      tags: [r.tag],
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      security: r.access === 'public' ? [] : [{ bearerAuth: [] }],
      responses,
    };
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
    }
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'BorderFlow API',
      version: info.version,
      description:
        'Digital border-gate platform. All errors are {"error":{"code","message","field"}}. ' +
        'Live updates: Socket.IO namespace /live (auth {token}); emit `subscribe` {gate} or {tripId}, ' +
        'receive `snapshot` {seq,...} then `delta` {seq,event}; on a seq gap emit `resync`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_BODY },
    },
    paths,
  };
}
