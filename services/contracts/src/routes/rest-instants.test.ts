/**
 * Issue 13, "RFC 3339 with offsets everywhere": no REST answer gives an instant as a number. Walks
 * every response schema of the route table (as the OpenAPI document shows it) and names each
 * numeric field whose name says it is a point in time. Durations say their unit (`…Ms`, `…Seconds`).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROUTES } from './index.ts';

/** Names of instants: `…At`, `deadline`, `since`, `until`, `expires…`, `…Time`, `epoch`. */
const INSTANT_NAME = /(At|^deadline|Deadline|^since|Since|^until|Until|^expires|Expires|Time|^epoch|Epoch)$/;

type Json = { [key: string]: unknown };

const isNumeric = (node: Json): boolean => {
  const type = node.type;
  if (type === 'number' || type === 'integer') return true;
  if (Array.isArray(type)) return type.some((t) => t === 'number' || t === 'integer');
  const variants = [node.anyOf, node.oneOf].find(Array.isArray) as Json[] | undefined;
  return variants?.some((v) => v && typeof v === 'object' && isNumeric(v)) ?? false;
};

/** Paths (`lanes[].since`) of numeric properties named like an instant, anywhere in a JSON Schema. */
function numericInstants(node: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((n) => numericInstants(n, path, found));
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  const json = node as Json;
  for (const [name, child] of Object.entries((json.properties as Json | undefined) ?? {})) {
    const at = path ? `${path}.${name}` : name;
    if (INSTANT_NAME.test(name) && child && typeof child === 'object' && isNumeric(child as Json)) found.push(at);
    numericInstants(child, at, found);
  }
  if (json.items) numericInstants(json.items, `${path}[]`, found);
  for (const key of ['additionalProperties', 'anyOf', 'oneOf', 'allOf'] as const) {
    if (json[key] && typeof json[key] === 'object') numericInstants(json[key], path, found);
  }
  for (const def of Object.values((json.$defs as Json | undefined) ?? {})) numericInstants(def, path, found);
  return found;
}

const answerOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });

describe('REST answers give instants as RFC 3339, never epoch numbers', () => {
  it('finds a numeric instant however deep it is (the walk can fail)', () => {
    const schema = z.object({
      lanes: z.array(z.object({ since: z.number().nullable(), expectedServiceMs: z.number() })),
      queues: z.record(z.string(), z.array(z.object({ trip: z.object({ queuedAt: z.number(), score: z.number() }) }))),
      live: z.object({ deadline: z.number().int() }).nullable(),
      createdAt: z.string(),
    });
    expect(numericInstants(answerOf(schema), '', []).sort()).toEqual(['lanes[].since', 'live.deadline', 'queues[].trip.queuedAt']);
  });

  it.each(Object.entries(ROUTES).filter(([, r]) => r.response))('%s', (_name, route) => {
    expect(numericInstants(answerOf(route.response as z.ZodType), '', [])).toEqual([]);
  });
});
