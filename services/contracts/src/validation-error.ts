/**
 * Turns a zod failure into the `field` and `message` of the API's error body
 * `{ error: { code: 'VALIDATION_FAILED', message, field } }`.
 */
import { z } from 'zod';
import { PLAIN_TEXT_RULE } from './text.ts';

export interface FieldError {
  /** Dotted path, e.g. `cargo.0.hsCode`; null for the body as a whole. */
  field: string | null;
  message: string;
}

function join(path: readonly PropertyKey[]): string | null {
  return path.length === 0 ? null : path.map((p) => String(p)).join('.');
}

/**
 * One issue (or the first issue of a ZodError) as `{ field, message }`.
 * Unknown keys name the key itself with the message `unknown field`; missing
 * fields say `is required`; our identifier schemas already name their rule.
 *
 * @example
 * const r = ZCreateTripRequestSchema.safeParse(body);
 * if (!r.success) {
 *   const { field, message } = zodIssueToField(r.error);
 *   // → { field: 'containers.0.number', message: 'container number check digit should be 3' }
 * }
 */
export function zodIssueToField(issueOrError: z.core.$ZodIssue | z.ZodError): FieldError {
  const issue = issueOrError instanceof z.ZodError ? issueOrError.issues[0] : issueOrError;
  if (!issue) return { field: null, message: 'invalid input' };
  if (issue.code === 'unrecognized_keys') {
    return { field: join([...issue.path, issue.keys[0] ?? '']), message: 'unknown field' };
  }
  const field = join(issue.path);
  if (issue.code === 'custom' && issue.params?.rule === PLAIN_TEXT_RULE) {
    return { field, message: `${field ?? 'body'} ${issue.message}` };
  }
  // Rewrite only zod's generic wording; our schemas' own messages already name the rule.
  const generic = /^Invalid (input|option)/.test(issue.message);
  if (issue.code === 'invalid_type' && generic) {
    if (/received undefined$/.test(issue.message)) return { field, message: `${field ?? 'body'} is required` };
    return { field, message: `${field ?? 'body'} must be ${issue.expected}` };
  }
  if (issue.code === 'invalid_value' && generic && issue.values.length > 0) {
    return { field, message: `${field ?? 'value'} must be one of: ${issue.values.map(String).join(', ')}` };
  }
  if (issue.code === 'invalid_union') {
    // Report the branch that got furthest: its first issue is the most specific.
    const best = issue.errors
      .map((issues) => issues[0])
      .filter((i): i is z.core.$ZodIssue => i !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (best) return zodIssueToField({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue);
  }
  return { field, message: issue.message };
}

/** Same as `zodIssueToField(error)`, named for call sites that hold a ZodError. */
export function zodErrorToField(error: z.ZodError): FieldError {
  return zodIssueToField(error);
}
