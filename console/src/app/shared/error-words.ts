/**
 * A refusal from the server as the UI shows it: the kind of refusal in the reader's words (its
 * `error.<CODE>` entry), then the server's own message, which it words in the reader's language
 * (Accept-Language). A code is data, never the text: a code the dictionary lacks (a newer server,
 * or one recorded by the offline queue) reads as "the server did not do this", and a message that
 * is itself only a code (`lane_paused`, `LANE_WRONG_STATE`) is left out rather than shown raw.
 */
import { hasMessage, type MessageParams } from '../i18n/translate.ts';

type TAny = (key: string, params?: MessageParams, fallback?: string) => string;

/** A bare code: snake_case or SCREAMING_CASE with no spaces. */
const BARE_CODE = /^(?:[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})$/;

/**
 * The words for a refusal's code.
 *
 * @example errorTitle('LANE_WRONG_STATE', tAny); // 'Làn không ở trạng thái phù hợp'
 * @example errorTitle('lane_paused', tAny);      // 'Máy chủ không thực hiện thao tác này'
 */
export function errorTitle(code: string | null | undefined, tAny: TAny): string {
  const key = `error.${code ?? ''}`;
  return hasMessage(key) ? tAny(key) : tAny('error.other');
}

/**
 * "<kind>: <server's message>", or the kind alone when the message is empty or only a code.
 *
 * @example errorText({ code: 'TRIP_WRONG_STATE', message: 'Chuyến không thể hủy nữa: chuyến đã được gọi vào làn' }, tAny);
 * // 'Xe không ở trạng thái phù hợp: Chuyến không thể hủy nữa: chuyến đã được gọi vào làn'
 */
export function errorText(err: { code?: string | null; message?: string | null }, tAny: TAny): string {
  const title = errorTitle(err.code, tAny);
  const message = (err.message ?? '').trim();
  return message === '' || BARE_CODE.test(message) || message === err.code ? title : `${title}: ${message}`;
}

/** The server's message unless it is only a code (then nothing: the title says it). */
export function serverMessage(message: string | null | undefined): string {
  const m = (message ?? '').trim();
  return BARE_CODE.test(m) ? '' : m;
}
