/**
 * Turns the contracts' validation issues into words in the driver's language. The schemas are
 * the API's own (so the browser and the server agree on every rule); their messages are
 * English. Each identifier issue carries a stable `params.rule` (e.g. `container_check_digit`)
 * and its message the specifics ("…should be 3", "…got 10"), which become the translation's
 * parameters. Zod's generic issues (missing, not a number, too long) map by issue code.
 */
import type { z } from 'zod';

export interface FieldMessage {
  /** Translation key under `driver.rule.` (without the prefix). */
  rule: string;
  params: Record<string, string | number>;
  /** The schema's own (English) message, shown if a rule has no translation. */
  fallback: string;
}

/** Numbers and codes a message names, for the translated text. */
function paramsFrom(message: string): Record<string, string> {
  const params: Record<string, string> = {};
  const expected = /should be (\S+)$/.exec(message);
  if (expected) params.expected = expected[1]!;
  const got = /got (\S+)$/.exec(message);
  if (got) params.got = got[1]!;
  const twice = /^\S+ (\S+) is listed twice$/.exec(message);
  if (twice) params.value = twice[1]!;
  return params;
}

/**
 * @example
 * fieldMessage(issue); // { rule: 'container_check_digit', params: { expected: '3' }, fallback: 'container number check digit should be 3' }
 */
export function fieldMessage(issue: z.core.$ZodIssue): FieldMessage {
  const fallback = issue.message;
  const rule = (issue as { params?: { rule?: unknown } }).params?.rule;
  if (typeof rule === 'string') return { rule, params: paramsFrom(issue.message), fallback };
  switch (issue.code) {
    case 'invalid_type':
      // `.int()` reports as a type (int); undefined: left empty; NaN: text where a number goes.
      if (issue.expected === 'int') return { rule: 'whole', params: {}, fallback };
      if (/received undefined$/.test(issue.message)) return { rule: 'required', params: {}, fallback };
      return { rule: issue.expected === 'number' ? 'number' : 'invalid', params: {}, fallback };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { rule: 'required', params: {}, fallback };
      if (issue.origin === 'number') return { rule: 'positive', params: {}, fallback };
      return { rule: 'tooShort', params: { min: Number(issue.minimum) }, fallback };
    case 'too_big':
      return { rule: issue.origin === 'array' ? 'tooMany' : 'tooLong', params: { max: Number(issue.maximum) }, fallback };
    case 'invalid_format':
      return { rule: issue.format === 'datetime' ? 'datetime' : 'format', params: {}, fallback };
    default:
      return { rule: 'invalid', params: {}, fallback };
  }
}

/** Dotted field path of an issue, e.g. `containers.0.number`. */
export const issuePath = (issue: z.core.$ZodIssue): string => issue.path.map(String).join('.');

/**
 * The first issue per field.
 *
 * @example
 * const errors = fieldErrors(ZCreateTripRequestSchema.safeParse(body).error);
 * errors.get('containers.0.number')?.rule; // "container_check_digit"
 */
export function fieldErrors(error: z.ZodError | undefined): Map<string, FieldMessage> {
  const out = new Map<string, FieldMessage>();
  for (const issue of error?.issues ?? []) {
    const path = issuePath(issue);
    if (!out.has(path)) out.set(path, fieldMessage(issue));
  }
  return out;
}
