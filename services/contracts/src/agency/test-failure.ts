/**
 * Test helper: parses input that must fail and returns the first issue as
 * the API would report it (`field`, `message`) plus the rule name our
 * refinements attach (`params.rule`).
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { zodIssueToField } from '../validation-error.ts';

export function expectFailure(schema: z.ZodType, input: unknown): { field: string | null; message: string; rule: string | undefined } {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  const issue = r.error!.issues[0]!;
  return { ...zodIssueToField(r.error!), rule: (issue as { params?: { rule?: string } }).params?.rule };
}
