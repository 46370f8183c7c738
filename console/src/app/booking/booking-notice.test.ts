import { describe, expect, it } from 'vitest';
import { translateAny } from '../i18n/translate.ts';
import type { Locale } from '../i18n/define-messages.ts';
import { bookingNoticeText } from './booking-notice.ts';

const tAnyIn = (locale: Locale) => (key: string, params?: Record<string, string | number>, fallback?: string) => translateAny(locale, key, params, fallback);

describe('a booking notice in the driver\'s language', () => {
  it.each([
    ['vi', 'Thông báo: cửa khẩu đã giảm sức chứa cho khung giờ 15/06 08:00 của bạn'],
    ['en', 'Notice: the gate lowered capacity for your slot at 15/06 08:00'],
    ['zh', '通知：口岸已降低您 15/06 08:00 时段的通行能力'],
  ] as const)('capacity lowered, in %s, names the booking\'s slot', (locale, start) => {
    const text = bookingNoticeText({ kind: 'capacity_lowered' }, '15/06 08:00', tAnyIn(locale));
    expect(text.startsWith(start)).toBe(true);
    expect(text).not.toContain('capacity_lowered');
  });

  it('a kind the console has no words for is a plain notice line, never the code or the server\'s English', () => {
    expect(bookingNoticeText({ kind: 'slot_moved' }, 'x', tAnyIn('vi'))).toBe('Có thông báo mới về lịch đặt của bạn; hãy hỏi cán bộ cửa khẩu nếu cần.');
    expect(bookingNoticeText({ kind: 'slot_moved' }, 'x', tAnyIn('zh'))).not.toContain('slot_moved');
  });
});
