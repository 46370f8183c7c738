/**
 * The one rule every free-text field of a request follows: no control
 * characters (tab and line breaks only where a field allows several lines)
 * and no unpaired UTF-16 surrogates. PostgreSQL refuses NUL in text and a
 * lone surrogate cannot be encoded as UTF-8, so either would otherwise fail
 * deep inside the database as a 500 instead of a 400 naming the field.
 */
import type { z } from 'zod';

/** `params.rule` of the issue, so the error mapper can put the field name in front of the message. */
export const PLAIN_TEXT_RULE = 'plain_text';

// C0 controls except tab, LF and CR; DEL; C1 controls.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Single-line fields refuse tab and line breaks too (and the Unicode line/paragraph separators).
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` is plain text: no control characters and no lone surrogates.
 *
 * @example
 * isPlainText('Thanh long ruột đỏ 火龙果'); // true
 * isPlainText('a\u0000b');                  // false
 * isPlainText('line 1\nline 2', { multiline: true }); // true
 */
export function isPlainText(text: string, options: { multiline?: boolean } = {}): boolean {
  const control = options.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE;
  return !control.test(text) && !LONE_SURROGATE.test(text);
}

/**
 * Adds the plain-text rule to a string schema; the message is prefixed
 * with the field's path by `zodIssueToField`.
 *
 * @example
 * const ZReasonSchema = plainText(z.string().trim().min(1).max(200));
 * const ZNoteSchema = plainText(z.string().trim().max(500), { multiline: true });
 */
export function plainText<S extends z.ZodType<string, string>>(schema: S, options: { multiline?: boolean } = {}): S {
  const allowed = options.multiline ? 'except tab and line breaks' : 'such as tab or line breaks';
  return schema.refine((text) => isPlainText(text, options), {
    message: `must not contain control characters (${allowed}), NUL or unpaired UTF-16 surrogates`,
    params: { rule: PLAIN_TEXT_RULE },
  }) as S;
}
