/**
 * Looking words up. A key the dictionary lacks (a dynamic key such as `error.${code}` for a
 * code nobody translated) shows the key itself and is recorded in `missingKeys`, which the
 * e2e tests read through `window.__borderflowI18n` ("switching to Chinese leaves no
 * untranslated keys"); in development it is also logged.
 */
import { DEFAULT_LOCALE, type Locale } from './define-messages.ts';
import { DICTIONARY, type MessageKey } from './messages.ts';

export type MessageParams = Record<string, string | number>;

/** `${locale}:${key}` of every lookup that found nothing since the page loaded. */
export const missingKeys = new Set<string>();

declare global {
  interface Window {
    /** Read by the e2e tests and handy in the browser console. */
    __borderflowI18n?: { locale: Locale; missing: () => string[] };
  }
}

function interpolate(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function recordMissing(locale: Locale, key: string): void {
  const id = `${locale}:${key}`;
  if (missingKeys.has(id)) return;
  missingKeys.add(id);
  if (import.meta.env?.DEV) console.warn(`[i18n] no "${locale}" word for "${key}"`);
}

/**
 * Translates a key, replacing `{name}` placeholders.
 *
 * @example
 * translate('en', 'unit.trucks', { count: 3 }); // "3 trucks"
 */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return translateAny(locale, key, params);
}

/**
 * Like `translate` for keys built at run time from server data (`error.${code}`): unknown keys
 * fall back to Vietnamese, then to `fallback` (or the key), and are recorded as missing.
 *
 * @example
 * translateAny('zh', `error.${body.code}`, undefined, body.message);
 */
export function translateAny(locale: Locale, key: string, params?: MessageParams, fallback?: string): string {
  const own = DICTIONARY[locale][key];
  if (own !== undefined) return interpolate(own, params);
  recordMissing(locale, key);
  const vi = DICTIONARY[DEFAULT_LOCALE][key];
  return interpolate(vi ?? fallback ?? key, params);
}

/** Whether a key exists (for optional words, e.g. an error code's own text). */
export function hasMessage(key: string): key is MessageKey {
  return key in DICTIONARY[DEFAULT_LOCALE];
}
