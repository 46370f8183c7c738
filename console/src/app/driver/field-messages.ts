/**
 * Turns the contracts' validation issues into the rule and parameters the form words in the
 * driver's language. The schemas are the API's own (so the browser and the server agree on every
 * rule) and so is the wording: contracts issue-words.ts, which the API's 400s use too.
 */
import type { z } from 'zod';
import { isPredicateRule, ruleText, wordIssue, type IssueLang } from '@borderflow/contracts';

export interface FieldMessage {
  /** Stable rule of contracts issue-words.ts, e.g. `container_check_digit`. */
  rule: string;
  params: Readonly<Record<string, string | number>>;
}

/**
 * @example
 * fieldMessage(issue); // { rule: 'container_check_digit', params: { expected: '3' } }
 */
export function fieldMessage(issue: z.core.$ZodIssue): FieldMessage {
  const { rule, params } = wordIssue(issue, 'en');
  return { rule, params };
}

/**
 * A rule as a sentence under its field, in the UI's language.
 * @example fieldText({ rule: 'container_check_digit', params: { expected: '3' } }, 'vi'); // 'Chữ số kiểm tra của số container phải là 3'
 * fieldText({ rule: 'required', params: {} }, 'vi'); // 'Trường này là bắt buộc'
 */
export function fieldText(message: FieldMessage, locale: IssueLang): string {
  const rule = ruleText(message.rule, message.params, locale);
  // "là bắt buộc" alone is no sentence: under its field, a predicate says "this field".
  const text = isPredicateRule(message.rule) ? `${ruleText('this_field', {}, locale)}${locale === 'zh' ? '' : ' '}${rule}` : rule;
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
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
