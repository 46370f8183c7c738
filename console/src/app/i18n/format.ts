/**
 * Numbers, dates and durations in the reader's language through Intl. Times are shown in the
 * gate's time zone: a Chinese driver's phone on UTC+8 must read the same "08:30" as the booth.
 */
import type { Locale } from './define-messages.ts';

/** Intl locale per UI language (en-GB: day-month order and a 24-hour clock, as at the gate). */
export const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB', zh: 'zh-CN' };
export const GATE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

type DateInput = number | string | Date;

export interface Formatters {
  locale: Locale;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** 0.42 → "42%". */
  percent(ratio: number, fractionDigits?: number): string;
  dateTime(value: DateInput, options?: Intl.DateTimeFormatOptions): string;
  date(value: DateInput): string;
  time(value: DateInput): string;
  /** Whole minutes in words: "12 phút" / "12 min" / "12分钟". */
  minutes(ms: number): string;
  /** A clock-like duration: 1:05, 1:02:05. */
  duration(ms: number | null | undefined): string;
}

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value));

/**
 * @example
 * const f = createFormatters('vi');
 * f.number(1234.5); // "1.234,5"
 * f.minutes(90_000); // "2 phút"
 */
export function createFormatters(locale: Locale, timeZone: string = GATE_TIME_ZONE): Formatters {
  const tag = INTL_LOCALE[locale];
  const numberFormat = new Intl.NumberFormat(tag);
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short', timeZone });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const timeFormat = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  const minuteFormat = new Intl.NumberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  return {
    locale,
    number: (value, options) => (options ? new Intl.NumberFormat(tag, options).format(value) : numberFormat.format(value)),
    percent: (ratio, fractionDigits = 0) =>
      new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: fractionDigits }).format(ratio),
    dateTime: (value, options) =>
      options ? new Intl.DateTimeFormat(tag, { timeZone, ...options }).format(toDate(value)) : dateTimeFormat.format(toDate(value)),
    date: (value) => dateFormat.format(toDate(value)),
    time: (value) => timeFormat.format(toDate(value)),
    minutes: (ms) => minuteFormat.format(roundMinutes(ms)),
    duration: formatDuration,
  };
}

/**
 * Whole minutes for "about" figures: at least 1 once positive.
 *
 * @example
 * roundMinutes(90_000); // 2
 */
export function roundMinutes(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.max(1, Math.round(ms / 60_000));
}

/**
 * `m:ss`, or `h:mm:ss` from one hour up; negative (clock skew) shows 0:00, unknown an em dash.
 *
 * @example
 * formatDuration(75_000);    // "1:15"
 * formatDuration(3_725_000); // "1:02:05"
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
