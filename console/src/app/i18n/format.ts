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
 * Intl formatters are made when first used and kept: building one costs a locale-data load
 * (~25 ms each on a phone's first page, ×4 under Lighthouse's throttling, five of them at start-up
 * were the first page's longest task), and a page that shows no date never pays for a date format.
 * Keyed by their options, so a call with options reuses its formatter too.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(tag: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${tag} ${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(tag, options)));
  return format;
}

function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(tag, options)));
  return format;
}

/**
 * The formats a formatter set makes without options, by kind; `prepareFormats` makes the same ones
 * (same cache keys), so what it prepares is what a render then finds.
 */
const PLAIN_FORMATS = {
  number: (tag: string) => numberFormat(tag),
  minutes: (tag: string) => numberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'short' }),
  dateTime: (tag: string, timeZone: string) => dateFormat(tag, { dateStyle: 'short', timeStyle: 'short', timeZone }),
  date: (tag: string, timeZone: string) => dateFormat(tag, { dateStyle: 'medium', timeZone }),
  time: (tag: string, timeZone: string) => dateFormat(tag, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }),
} satisfies Record<string, (tag: string, timeZone: string) => Intl.NumberFormat | Intl.DateTimeFormat>;

/** A kind of value a formatter set formats with a format made once (see `prepareFormats`). */
export type PlainFormat = keyof typeof PLAIN_FORMATS;

/**
 * Makes the formats of `kinds` now, so the render that first shows such a value does not: the
 * lane board's first render spent 25–30 ms in one `Intl.NumberFormat` (its locale data), a long
 * task together with the rest of that render. Called while the page waits (the board: in idle time
 * while the socket connects and the snapshot travels).
 *
 * @example
 * whenIdle(() => prepareFormats('vi', ['number', 'minutes']));
 */
export function prepareFormats(locale: Locale, kinds: readonly PlainFormat[], timeZone: string = GATE_TIME_ZONE): void {
  for (const kind of kinds) PLAIN_FORMATS[kind](INTL_LOCALE[locale], timeZone);
}

/**
 * @example
 * const f = createFormatters('vi');
 * f.number(1234.5); // "1.234,5"
 * f.minutes(90_000); // "2 phút"
 */
export function createFormatters(locale: Locale, timeZone: string = GATE_TIME_ZONE): Formatters {
  const tag = INTL_LOCALE[locale];
  // The formats without options are looked up once per formatter set, not per call: a board of
  // 5,000 trucks formats thousands of values a render.
  const once = <T,>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const plain = <K extends PlainFormat>(kind: K) => once(() => PLAIN_FORMATS[kind](tag, timeZone) as ReturnType<(typeof PLAIN_FORMATS)[K]>);
  const plainNumber = plain('number');
  const dateTimeShort = plain('dateTime');
  const dateMedium = plain('date');
  const clock = plain('time');
  const minutes = plain('minutes');
  return {
    locale,
    number: (value, options) => (options ? numberFormat(tag, options) : plainNumber()).format(value),
    percent: (ratio, fractionDigits = 0) => numberFormat(tag, { style: 'percent', maximumFractionDigits: fractionDigits }).format(ratio),
    dateTime: (value, options) => (options ? dateFormat(tag, { timeZone, ...options }) : dateTimeShort()).format(toDate(value)),
    date: (value) => dateMedium().format(toDate(value)),
    time: (value) => clock().format(toDate(value)),
    minutes: (ms) => minutes().format(roundMinutes(ms)),
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
