/**
 * Every rule a request schema can break is worded in the catalogue (issue-words.ts): this walks the
 * params, query and body of every route in ROUTES, sets each field of the route's example (or an empty
 * input) to hostile values (too long, wrong type, bad enum, bad format, out of range, empty, huge list),
 * and fails on any issue that falls through to the generic wording ("is not a valid value", "has the
 * wrong format") or to a rule the catalogue lacks, so a vi or zh reader would not learn what to fix.
 * A new schema rule that falls through makes this test fail until it is worded in vi, en and zh.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ROUTES, type AnyRoute } from './routes/index.ts';
import { RULE_WORDS, wordIssue } from './issue-words.ts';

/** Generic wordings: they name no rule a user can act on. */
const GENERIC = new Set(['invalid', 'format', 'type']);

const LONG = 'x'.repeat(5000);
const HOSTILE: readonly unknown[] = [LONG, '', '   ', 'not-a-valid-value', 'zz\u0000', 12345, -1e12, 1e12, 1.5, 0, true, null, {}, [], ['x'], '2026-13-45', 'ftp://x'];

type Json = unknown;

/** Dotted paths to every leaf (and every list and object) of an example value. */
function paths(value: Json, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (prefix.length > 0) out.push([...prefix]);
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(value: Json, path: readonly (string | number)[], to: unknown): Json {
  if (path.length === 0) return to;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = setAt(copy[head!], rest, to);
  return copy;
}

/** Object keys the schema declares (top level), so fields the example leaves out are tried too. */
function shapeKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

interface Finding { route: string; part: string; field: string | null; rule: string; en: string; vi: string; zh: string }

function fallThroughs(): Finding[] {
  const found = new Map<string, Finding>();
  for (const [name, route] of Object.entries(ROUTES) as [string, AnyRoute][]) {
    for (const part of ['params', 'query', 'body'] as const) {
      const schema: z.ZodType | undefined = route[part];
      if (!schema) continue;
      const example = ((route.examples ?? {}) as Record<string, unknown>)[part] ?? {};
      const tried = paths(example);
      for (const k of shapeKeys(schema)) if (!tried.some((p) => p.length === 1 && p[0] === k)) tried.push([k]);
      const inputs: unknown[] = [example, {}, 'text', [], null];
      for (const p of tried) {
        for (const h of HOSTILE) inputs.push(setAt(example, p, h));
        // A list 2000 long (too many entries) of the example's own first entry.
        const at = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], example);
        if (Array.isArray(at)) inputs.push(setAt(example, p, Array.from({ length: 2000 }, () => at[0] ?? 'x')));
      }
      for (const input of inputs) {
        const r = schema.safeParse(input);
        if (r.success) continue;
        for (const issue of r.error.issues) {
          const en = wordIssue(issue, 'en');
          if (!GENERIC.has(en.rule) && RULE_WORDS[en.rule]) continue;
          const key = `${name} ${part} ${en.field} ${en.rule}`;
          if (!found.has(key)) found.set(key, { route: name, part, field: en.field, rule: en.rule, en: en.text, vi: wordIssue(issue, 'vi').text, zh: wordIssue(issue, 'zh').text });
        }
      }
    }
  }
  return [...found.values()];
}

describe('every request rule is worded in vi, en and zh', () => {
  it('no field of any route falls through to a generic message', () => {
    const found = fallThroughs();
    expect(found.map((f) => `${f.route} ${f.part}.${f.field}: ${f.rule} (${f.en})`)).toEqual([]);
  });

  it('can fail: a rule the catalogue lacks is reported', async () => {
    const { z } = await import('zod');
    const s = z.string().refine(() => false, { params: { rule: 'no_such_rule' } });
    const r = s.safeParse('x');
    const w = wordIssue(r.error!.issues[0]!, 'vi');
    expect(RULE_WORDS[w.rule]).toBeUndefined();
    expect(w.text).toContain('no_such_rule');
  });

  it('every catalogue rule is worded in all three languages, vi and zh not left in English', () => {
    for (const [rule, words] of Object.entries(RULE_WORDS)) {
      for (const lang of ['en', 'vi', 'zh'] as const) expect(words[lang], `${rule} ${lang}`).not.toBe('');
      expect(words.vi, rule).not.toBe(words.en);
      expect(words.zh, rule).not.toBe(words.en);
    }
  });
});
