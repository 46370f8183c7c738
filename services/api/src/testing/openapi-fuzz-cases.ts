/**
 * Requests for the OpenAPI fuzz, generated with fast-check from /openapi.json:
 * for every operation, path parameters, query and body drawn from the
 * operation's own JSON Schemas (so many requests get deep into the handlers),
 * then spoiled at one random place with what a hostile client sends: NUL,
 * lone surrogates, control characters, huge and negative numbers, the year
 * 0000, wrong types, bad %-escapes, corrupt compressed and malformed bodies.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema and OpenAPI documents are untyped JSON */
type Json = any;

export interface FuzzOperation {
  method: string;
  /** OpenAPI path, e.g. `/v1/trips/{tripId}`. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Json }[];
  body: Json | null;
  secured: boolean;
}

export interface FuzzRequest {
  op: FuzzOperation;
  /** Concrete URL path and query, already encoded (or deliberately mis-encoded). */
  url: string;
  method: string;
  /** Who calls: a demo username, or null for anonymous. */
  as: string | null;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
  /** What was spoiled, for the failure message. */
  note: string;
}

/** Every operation of an OpenAPI document. */
export function operationsOf(doc: Json): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const params: Json[] = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return ops;
}

const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u001b[2J', '\u0007', '\u007f', '\u0085', 'line\nbreak', '\ufeff',
  '\u202e', 'x'.repeat(5000), '', ' ', '%ff', '../../etc/passwd', "'; DROP TABLE trips; --", '<script>alert(1)</script>',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00+07:00', '2025-02-30T08:00:00Z', '1e308', 'NaN',
  '__proto__', 'constructor', '𝕏🚚', 'Ｋ', '24C-I23.45', '\u0000'.repeat(100),
];
const HOSTILE_NUMBERS = [2 ** 31, 2 ** 31 - 1, 3e9, 1e308, -1e308, -1, -0, 0, 0.5, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e-300];
const HOSTILE_VALUES: Json[] = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, true, false, [], {}, [null], { a: { b: { c: [] } } }];
const HOSTILE_PATH_SEGMENTS = [
  '%ff', '%', '%E0%A4%A', '%00', '%ed%a0%80', '..%2F..', '%2e%2e', 'a'.repeat(300), '%E2%80%AE', '%20', '-', 'KT%00',
  '%C0%AE', '%uD800', '%%', 'null', 'undefined', '0', '-1', '1e308', 'KT', 'kt', 'KT-X1',
];

/** A value that satisfies `schema` most of the time (a sample, not a proof). */
function fromSchema(schema: Json, root: Json, depth = 0): fc.Arbitrary<Json> {
  if (!schema || typeof schema !== 'object' || depth > 6) return fc.constantFrom(...HOSTILE_VALUES);
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return fromSchema(root?.$defs?.[name] ?? root?.components?.schemas?.[name] ?? {}, root, depth + 1);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length) return fc.oneof(...alternatives.map((s: Json) => fromSchema(s, root, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return fromSchema(schema.allOf[0], root, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t: string) => fromSchema({ ...schema, type: t }, root, depth + 1)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e6), max: Math.min(schema.maximum ?? 100_000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringFor(schema);
    case 'array': {
      const maxLength = Math.min(schema.maxItems ?? 3, 3);
      return fc.array(fromSchema(schema.items ?? {}, root, depth + 1), { minLength: Math.min(schema.minItems ?? 0, maxLength), maxLength });
    }
    case 'object': {
      const props = Object.entries<Json>(schema.properties ?? {});
      const required = new Set<string>(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, value] of props) shape[key] = fromSchema(value, root, depth + 1);
      return fc.record(shape, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return fc.constantFrom(...HOSTILE_VALUES);
  }
}

function stringFor(schema: Json): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
    } catch {
      // a pattern fast-check cannot sample from: fall through to plain strings
    }
  }
  return fc.string({ minLength: Math.min(schema.minLength ?? 0, 20), maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

/** Replaces one random leaf (or adds an unknown key) of a JSON value with a hostile value. */
function spoil(value: Json, pick: number, hostile: Json): { value: Json; where: string } {
  const leaves: string[][] = [];
  const walk = (v: Json, path: string[]) => {
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) leaves.push(path);
      for (const k of keys) walk(v[k], [...path, k]);
    } else leaves.push(path);
  };
  walk(value, []);
  const path = leaves[pick % Math.max(1, leaves.length)] ?? [];
  if (path.length === 0) return { value: hostile, where: 'body' };
  const copy = structuredClone(value);
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  at[path.at(-1)!] = hostile;
  return { value: copy, where: path.join('.') };
}

/** encodeURIComponent, except that a lone surrogate becomes the bytes of one (invalid UTF-8), not an exception. */
function encodeHostile(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  });
}

/** Realistic values of path parameters, so generated requests reach the handlers. */
export interface FuzzSeeds {
  [param: string]: string[];
}

const USERS = [null, 'driver1', 'driver2', 'operator1', 'manager1', 'admin1', 'customs1'];

/**
 * The arbitrary of one request to `op`.
 *
 * @example
 * fc.sample(requestFor(op, doc, seeds), 10);
 */
export function requestFor(op: FuzzOperation, doc: Json, seeds: FuzzSeeds, examples: Record<string, Json>): fc.Arbitrary<FuzzRequest> {
  const segment = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...(seeds[name] ?? ['x'])).map(encodeURIComponent) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_PATH_SEGMENTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(encodeHostile) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => encodeHostile(s.slice(0, 200))) },
    );
  const params = fc.record(Object.fromEntries(op.pathParams.map((p) => [p, segment(p)])) as Record<string, fc.Arbitrary<string>>);
  const query = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...(op.query.length ? op.query.map((q) => q.name) : ['x'])), fc.constantFrom('extra', 'from[$gt]', 'limit', '')),
      fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.map((s) => s.slice(0, 100)), '-1', '1e308', '99999999999', '2025-06-01T00:00:00Z')),
    ),
    { maxLength: 3 },
  );
  const example = examples[`${op.method} ${op.path}`];
  const validBody = op.body ? (example !== undefined ? fc.oneof(fc.constant(example), fromSchema(op.body, doc)) : fromSchema(op.body, doc)) : fc.constant(undefined);
  const bodyKind = fc.constantFrom('spoiled', 'spoiled', 'spoiled', 'schema', 'unknown-key', 'raw');
  const rawBody = fc.constantFrom<{ body: Buffer | string; headers: Record<string, string>; note: string }>(
    { body: '{"a":', headers: { 'content-type': 'application/json' }, note: 'truncated JSON' },
    { body: Buffer.concat([gzipSync('{"a":1}').subarray(0, 10), Buffer.from('garbage')]), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, note: 'corrupt gzip' },
    { body: Buffer.from('not deflate'), headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, note: 'corrupt deflate' },
    { body: Buffer.from('not brotli at all'), headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, note: 'corrupt br' },
    { body: '{}', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' }, note: 'unknown encoding' },
    { body: '[]', headers: { 'content-type': 'application/json' }, note: 'array body' },
    { body: 'null', headers: { 'content-type': 'application/json' }, note: 'null body' },
    { body: '"\\ud800"', headers: { 'content-type': 'application/json' }, note: 'lone surrogate body' },
    { body: `${'['.repeat(5000)}${']'.repeat(5000)}`, headers: { 'content-type': 'application/json' }, note: 'deep nesting' },
    { body: '{"a":1}', headers: { 'content-type': 'text/plain' }, note: 'text/plain' },
    { body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-16' }, note: 'utf-16 charset' },
    { body: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}', headers: { 'content-type': 'application/json' }, note: 'prototype keys' },
  );

  return fc
    .record({
      params,
      query,
      as: fc.constantFrom(...USERS),
      validBody,
      bodyKind,
      rawBody,
      pick: fc.nat(),
      hostile: fc.constantFrom(...HOSTILE_VALUES),
    })
    .map(({ params, query, as, validBody, bodyKind, rawBody, pick, hostile }): FuzzRequest => {
      const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'x');
      const qs = query.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&');
      const url = qs ? `${path}?${qs}` : path;
      const headers: Record<string, string> = {};
      let body: Buffer | string | undefined;
      let note = `params ${JSON.stringify(params)} query ${JSON.stringify(query)}`;
      if (op.method !== 'GET' && op.method !== 'DELETE') {
        if (bodyKind === 'raw') {
          body = rawBody.body;
          Object.assign(headers, rawBody.headers);
          note += `; body: ${rawBody.note}`;
        } else {
          let value = validBody ?? {};
          if (bodyKind === 'spoiled') {
            const s = spoil(value, pick, hostile);
            value = s.value;
            note += `; body ${s.where} = ${JSON.stringify(hostile)?.slice(0, 60)}`;
          } else if (bodyKind === 'unknown-key' && value && typeof value === 'object' && !Array.isArray(value)) {
            value = { ...value, unexpected: hostile };
            note += '; body with an unknown key';
          } else note += '; body from the schema';
          body = JSON.stringify(value);
          headers['content-type'] = 'application/json';
        }
      }
      return { op, url, method: op.method, as, headers, body, note };
    });
}
