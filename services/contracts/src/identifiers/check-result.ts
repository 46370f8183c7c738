/**
 * The shape every identifier validator returns, and the bridge from a plain
 * check function to a zod schema. Validators are plain functions first so the
 * console, simulators and adapters can use them without zod; the schema wraps
 * the same function so the API's messages and the UI's messages never drift.
 */
import { z } from 'zod';

/** `value` is the normalised identifier; `rule` is a stable machine name for the broken rule. */
export type CheckResult =
  | { ok: true; value: string }
  | { ok: false; rule: string; message: string; params?: Readonly<Record<string, string>> };

export type IdentifierCheck = (input: string) => CheckResult;

/**
 * Builds a failed result (keeps call sites short). `params` are the specifics the message names
 * (`got`, `expected`), so issue-words.ts can say the same in Vietnamese and Chinese.
 */
export function fail(rule: string, message: string, params?: Readonly<Record<string, string>>): CheckResult {
  return params ? { ok: false, rule, message, params } : { ok: false, rule, message };
}

/**
 * Wraps a check function into a zod string schema: the issue message is the
 * check's message (naming the rule) and `params.rule` carries the rule name;
 * a valid input is replaced by its normalised form. `.overwrite` (not
 * `.transform`) keeps the schema a plain string so it still converts to
 * JSON Schema for /openapi.json.
 *
 * @example
 * const ZContainerNumberSchema = zodFromCheck(checkContainerNumber);
 * ZContainerNumberSchema.parse('csqu 305438-3'); // 'CSQU3054383'
 */
export function zodFromCheck(check: IdentifierCheck, description?: string) {
  const schema = z
    .string()
    .superRefine((input, ctx) => {
      const r = check(input);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, params: { ...r.params, rule: r.rule } });
    })
    .overwrite((input) => {
      const r = check(input);
      return r.ok ? r.value : input;
    });
  return description ? schema.describe(description) : schema;
}
