/**
 * A form's own check (the contracts' schema, before anything is sent) as one line in the UI's
 * language, naming the field by its label: the same catalogue as the API's 400s
 * (contracts issue-words.ts), so the lane dialog says "Lý do là bắt buộc" in a Vietnamese UI.
 */
import type { z } from 'zod';
import { issueDetail, wordIssue, type IssueLang } from '@borderflow/contracts';

export interface FormIssue {
  message: string;
  field: string | null;
}

/**
 * @example
 * formIssue(ZLaneStatusActionRequestSchema.safeParse({ reason: '' }).error!, 'vi', { reason: 'Lý do' });
 * // { message: 'Lý do là bắt buộc', field: 'reason' }
 */
export function formIssue(error: z.ZodError, locale: IssueLang, labels: Readonly<Record<string, string>> = {}): FormIssue {
  const issue = error.issues[0];
  if (!issue) return { message: '', field: null };
  const message = issueDetail(issue, locale, '', (field) => labels[field]);
  return { message: message.charAt(0).toLocaleUpperCase(locale) + message.slice(1), field: wordIssue(issue, locale).field };
}
