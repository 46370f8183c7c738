/**
 * The /live subscribe request's own rules are worded in the catalogue like a route's: a board that
 * asks for pages or batches without a gate learns why in its language, not "is not a valid value".
 */
import { describe, expect, it } from 'vitest';
import { ZSubscribeRequestSchema } from './live.ts';
import { wordIssue } from './issue-words.ts';

describe('subscribe request wording', () => {
  it.each([
    [{ tripId: 't1', batch: true }, 'batch', 'gate_only'],
    [{ tripId: 't1', paged: true }, 'paged', 'gate_only'],
    [{ gate: 'KT', since: 3 }, 'since', 'company_only'],
  ])('%j is refused naming %s by its rule %s, in vi, en and zh', (request, field, rule) => {
    const issue = ZSubscribeRequestSchema.safeParse(request).error!.issues.find((i) => i.path[0] === field)!;
    for (const lang of ['vi', 'en', 'zh'] as const) {
      const worded = wordIssue(issue, lang);
      expect(worded).toMatchObject({ field, rule });
      expect(worded.text).not.toMatch(/is not a valid value|có giá trị không hợp lệ|数值无效/);
    }
  });
});
