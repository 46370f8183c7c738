import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPlainText, plainText } from './text.ts';
import { zodIssueToField } from './validation-error.ts';
import { ZIsoDateTimeSchema } from './common.ts';

describe('the plain-text rule', () => {
  it('refuses NUL, C0/C1 controls, DEL and lone surrogates; keeps letters of every script and emoji', () => {
    for (const bad of ['\u0000', 'a\u0001', 'a\u007f', 'a\u0085b', '\ud800', 'x\udfffy', '\udc00\ud800']) {
      expect(isPlainText(bad), JSON.stringify(bad)).toBe(false);
      expect(isPlainText(bad, { multiline: true }), JSON.stringify(bad)).toBe(false);
    }
    for (const good of ['Nguyễn Văn An', '火龙果', '🚚 24C-123.45', '']) expect(isPlainText(good)).toBe(true);
  });

  it('allows tab and line breaks only in multi-line fields', () => {
    expect(isPlainText('a\tb\r\nc')).toBe(false);
    expect(isPlainText('a\u2028b')).toBe(false);
    expect(isPlainText('a\tb\r\nc', { multiline: true })).toBe(true);
  });

  it('names the field in the message', () => {
    const schema = z.object({ note: plainText(z.string().max(10)) });
    const r = schema.safeParse({ note: 'a\u0000' });
    expect(r.success).toBe(false);
    expect(zodIssueToField(r.error!)).toEqual({ field: 'note', message: expect.stringMatching(/^note must not contain control characters/) });
  });
});

describe('date-time range', () => {
  it('refuses years PostgreSQL or JavaScript cannot hold, keeps this century', () => {
    expect(ZIsoDateTimeSchema.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(ZIsoDateTimeSchema.safeParse('1999-12-31T23:59:59Z').success).toBe(false);
    expect(ZIsoDateTimeSchema.safeParse('2100-01-01T00:00:00Z').success).toBe(false);
    expect(ZIsoDateTimeSchema.safeParse('2026-12-05T08:30:00+07:00').success).toBe(true);
  });
});
