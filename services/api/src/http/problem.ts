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


/** A problem's `instance`: the request's path, without its query. */
function problemInstance(req: Request): string {
  return req.originalUrl.split('?')[0] ?? '/';
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
    instance: problemInstance(req),
    code: err.code,
    requestId: requestIdOf(req),
    errors: items,
    ...(err.existingId !== undefined ? { existingId: err.existingId } : {}),
    error: { code: err.code, message, field },
  };
}

/** Stand-ins for a problem's two per-request values while its frame is written (a refusal's text never holds U+0000). */
const INSTANCE_MARK = '\u0000instance\u0000';
const REQUEST_ID_MARK = '\u0000requestId\u0000';
const INSTANCE_JSON = JSON.stringify(INSTANCE_MARK);
const REQUEST_ID_JSON = JSON.stringify(REQUEST_ID_MARK);

/** The text of a problem around its instance and request id, by code, language, field and wording. */
const frames = new Map<string, readonly [string, string, string] | null>();
/** Distinct refusals kept (a wording with figures, e.g. a suspension's end, makes its own): cleared when full. */
const FRAMES_MAX = 1_000;

/**
 * `JSON.stringify(problemBody(err, req))`, the same text. A refusal without issues (nearly every one
 * a booking storm sends: "This slot is full", issue 12) repeats everything but the path and the
 * request id, so its text around those two is written once and kept; the rest is as before.
 *
 * @example
 * sendJson(req, res, err.status, problemText(err, req), PROBLEM_CONTENT_TYPE);
 */
export function problemText(err: AppError, req: Request): string {
  if (err.issues.length > 0 || err.existingId !== undefined) return JSON.stringify(problemBody(err, req));
  const lang = pickLang(req.headers['accept-language']);
  const key = `${err.code}\u0000${lang}\u0000${err.field ?? '\u0001'}\u0000${err.worded?.[lang] ?? err.message}`;
  let frame = frames.get(key);
  if (frame === undefined) {
    const text = JSON.stringify({ ...problemBody(err, req), instance: INSTANCE_MARK, requestId: REQUEST_ID_MARK });
    const [head, rest] = splitOnce(text, INSTANCE_JSON);
    const [middle, tail] = rest === undefined ? [] : splitOnce(rest, REQUEST_ID_JSON);
    // A wording that holds a stand-in (it cannot, but) is never framed: it is written whole each time.
    frame = tail === undefined ? null : [head, middle!, tail];
    if (frames.size >= FRAMES_MAX) frames.clear();
    frames.set(key, frame);
  }
  if (frame === null) return JSON.stringify(problemBody(err, req));
  return frame[0] + JSON.stringify(problemInstance(req)) + frame[1] + JSON.stringify(requestIdOf(req)) + frame[2];
}

/** `text` around the only occurrence of `mark`; [text] when it occurs other than once. */
function splitOnce(text: string, mark: string): [string, string?] {
  const at = text.indexOf(mark);
  if (at < 0 || text.indexOf(mark, at + 1) >= 0) return [text];
  return [text.slice(0, at), text.slice(at + mark.length)];
}
