/**
 * A notice about a driver's booking in the driver's words. The server stores each notice with a
 * `kind` (capacity_lowered…) and an English text for its other channels; the page words it from the
 * kind and the booking's own slot, so a Vietnamese driver never reads the English text or the kind's
 * code. A kind this console has no words for reads as a plain "there is a notice" line in the
 * reader's language, never as the server's English.
 */
import { hasMessage, type MessageParams } from '../i18n/translate.ts';

type TAny = (key: string, params?: MessageParams, fallback?: string) => string;

/**
 * @example bookingNoticeText({ kind: 'capacity_lowered' }, '15/06/2026 08:00', tAny);
 * // 'Thông báo: cửa khẩu đã giảm sức chứa cho khung giờ 15/06/2026 08:00 của bạn …'
 */
export function bookingNoticeText(notice: { kind: string }, slot: string, tAny: TAny): string {
  const key = `booking.notice.${notice.kind}`;
  return hasMessage(key) && notice.kind !== 'other' ? tAny(key, { slot }) : tAny('booking.notice.other');
}
