/**
 * RFC 9457 problem details: how every failure is written on the wire, and how
 * a zod failure becomes the list of every problem of a request at once.
 */
import { requestIdOf } from './request-id.ts';
import type { Request } from 'express';
import { z } from 'zod';
import { issueDetail, zodIssueToField, type ErrorResponse, type ProblemItem } from '@borderflow/contracts';
import type { AppError } from '../app-error.ts';
import { PROBLEM_TITLES, pickLang, type Lang } from './problem-messages.ts';
import { REFUSALS } from './refusal-words.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

type Part = ProblemItem['in'];

function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function issueItems(issue: z.core.$ZodIssue, part: Part, lang: Lang): ProblemItem[] {
  const base = (path: readonly PropertyKey[]) => ({
    pointer: pointerOf(path),
    field: path.length === 0 ? null : path.map(String).join('.'),
    in: part,
  });
  if (issue.code === 'unrecognized_keys') {
    // One item per unknown key: a client fixes them all in one go.
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return { ...base(path), rule: 'unknown_field', detail: issueDetail({ ...issue, keys: [key] }, lang, part) };
    });
  }
  if (issue.code === 'invalid_union') {
    const best = issue.errors
      .map((issues) => issues[0])
      .filter((i): i is z.core.$ZodIssue => i !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (best) return issueItems({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue, part, lang);
  }
  // English keeps the schema's own message where it names the rule (logs and older clients read
  // it); every other language, and zod's generic English, is worded by the shared catalogue.
  const { message } = zodIssueToField(issue);
  const generic = /^(Invalid|Too (big|small)|Unrecognized)/.test(issue.message);
  const detail = lang === 'en' && !generic ? message : issueDetail(issue, lang, part);
  const required = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  const rule =
    issue.code === 'invalid_type'
      ? (required ? 'required' : 'type')
      : issue.code === 'invalid_value' && generic && issue.values.length > 0
        ? 'enum'
        : issue.code === 'custom' && typeof issue.params?.rule === 'string'
          ? issue.params.rule
          : issue.code === 'invalid_format'
            ? 'format'
            : issue.code;
  return [{ ...base(issue.path), rule, detail }];
}

/**
 * Every issue of a zod failure as problem items, in the caller's language where the rule is generic.
 *
 * @example
 * problemItems(ZTripSchema.safeParse(body).error!, 'body', 'vi');
 * // [{ pointer: '/vehicle/plate', field: 'vehicle.plate', in: 'body', rule: 'required', detail: 'vehicle.plate là bắt buộc' }, ...]
 */
const NO_ITEMS: readonly ProblemItem[] = Object.freeze([]);

/** Whether any string in `value` (a parsed request part) holds U+0000; allocates nothing. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNul(value[i])) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * Every string in a parsed request part that holds U+0000, as a problem each: PostgreSQL refuses the
 * character in text, so it would otherwise come back from the database as a 500.
 *
 * @example
 * nulItems({ reason: 'a\u0000b' }, 'body', 'vi'); // [{ field: 'reason', rule: 'format', … }]
 */
export function nulItems(value: unknown, part: Part, lang: Lang, path: PropertyKey[] = []): readonly ProblemItem[] {
  // Nearly every request has none: find that out without building a path or an array per value.
  if (path.length === 0 && !hasNul(value)) return NO_ITEMS;
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ pointer: pointerOf(path), field: path.length === 0 ? null : path.map(String).join('.'), in: part, rule: 'format', detail: REFUSALS.textNul[lang] }]
      : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => nulItems(v, part, lang, [...path, Array.isArray(value) ? Number(key) : key]));
}

export function problemItems(error: z.ZodError, part: Part, lang: Lang): ProblemItem[] {
  return error.issues.flatMap((issue) => issueItems(issue, part, lang));
}


/**
 * The problem body of an error as this request's caller reads it.
 *
 * @example
 * res.status(err.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(err, req)));
 */
export function problemBody(err: AppError, req: Request): ErrorResponse {
  const lang = pickLang(req.headers['accept-language']);
  // A worded refusal with one issue (a header rule) shows that issue in the caller's language too.
  const items: ProblemItem[] =
    err.issues.length > 0
      ? err.issues.map((i) => (err.worded && err.issues.length === 1 ? { ...i, detail: err.worded[lang] } : i))
      : err.field !== null
        ? [{ pointer: pointerOf(err.field.split('.')), field: err.field, in: 'body', rule: err.code.toLowerCase(), detail: err.worded?.[lang] ?? err.message }]
        : [];
  const first = items[0];
  const message = err.issues.length > 0 && first ? first.detail : (err.worded?.[lang] ?? err.message);
  const field = err.issues.length > 0 && first ? first.field : err.field;
  return {
    type: `/docs/errors#${err.code}`,
    title: PROBLEM_TITLES[err.code][lang],
    status: err.status,
    detail: items.length > 1 ? items.map((i) => i.detail).join('; ') : message,
    instance: req.originalUrl.split('?')[0] ?? '/',
    code: err.code,
    requestId: requestIdOf(req),
    errors: items,
    ...(err.existingId !== undefined ? { existingId: err.existingId } : {}),
    error: { code: err.code, message, field },
  };
}
