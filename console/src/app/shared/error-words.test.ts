import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@borderflow/contracts';
import { LOCALES, type Locale } from '../i18n/define-messages.ts';
import { translateAny } from '../i18n/translate.ts';
import { errorText, errorTitle, serverMessage } from './error-words.ts';

const tAnyIn = (locale: Locale) => (key: string, params?: Record<string, string | number>, fallback?: string) => translateAny(locale, key, params, fallback);

describe('a refusal on screen never shows a raw code', () => {
  it.each(LOCALES)('every code the server sends has its own words in %s', (locale) => {
    for (const code of [...ERROR_CODES, 'NETWORK']) {
      const title = errorTitle(code, tAnyIn(locale));
      expect(title, code).not.toContain(code);
      expect(title, code).not.toBe(errorTitle('SOMETHING_NEW', tAnyIn(locale)));
    }
  });

  it.each([
    ['vi', 'Máy chủ không thực hiện thao tác này'],
    ['en', 'The server did not do this'],
    ['zh', '服务器未执行此操作'],
  ] as const)('a code the dictionary lacks reads as words in %s, not as the code', (locale, words) => {
    expect(errorTitle('lane_paused', tAnyIn(locale))).toBe(words);
    expect(errorTitle(undefined, tAnyIn(locale))).toBe(words);
  });

  it('shows the server\'s worded message after the kind, and drops a message that is only a code', () => {
    const vi = tAnyIn('vi');
    expect(errorText({ code: 'TRIP_WRONG_STATE', message: 'Chuyến không thể hủy nữa: chuyến đã được gọi vào làn' }, vi)).toBe(
      'Xe không ở trạng thái phù hợp: Chuyến không thể hủy nữa: chuyến đã được gọi vào làn',
    );
    expect(errorText({ code: 'LANE_WRONG_STATE', message: 'lane_paused' }, vi)).toBe('Làn không ở trạng thái phù hợp');
    expect(errorText({ code: 'weird_code', message: 'weird_code' }, tAnyIn('zh'))).toBe('服务器未执行此操作');
    expect(errorText({ code: 'CONFLICT', message: '' }, tAnyIn('en'))).toBe('Conflict');
    expect(serverMessage('TRIP_WRONG_STATE')).toBe('');
    expect(serverMessage('Lane KT-X1 is paused')).toBe('Lane KT-X1 is paused');
  });
});
