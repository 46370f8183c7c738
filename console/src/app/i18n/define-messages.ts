/**
 * How a feature declares its words: one file per feature (console/src/app/i18n/<feature>.ts)
 * exporting `defineMessages({ vi, en, zh })`. The keys come from `vi` (the gate's language and
 * the default); `en` and `zh` must have exactly the same keys, so a word missing in one language
 * (or a stray extra one) is a TypeScript error, not a blank on a screen.
 */

export const LOCALES = ['vi', 'en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

/** One feature's words in every language. */
export interface Messages<K extends string> {
  vi: Record<K, string>;
  en: Record<K, string>;
  zh: Record<K, string>;
}

/**
 * @example
 * export const queueMessages = defineMessages({
 *   vi: { 'queue.title': 'Hàng chờ' },
 *   en: { 'queue.title': 'Queue' },
 *   zh: { 'queue.title': '排队' },
 * });
 */
export function defineMessages<K extends string>(messages: {
  vi: Record<K, string>;
  en: Record<NoInfer<K>, string>;
  zh: Record<NoInfer<K>, string>;
}): Messages<K> {
  return messages;
}

/** The keys of a `defineMessages` result. */
export type KeysOf<M> = M extends Messages<infer K> ? K : never;

/**
 * Reads a stored or requested language; anything unknown means Vietnamese.
 *
 * @example
 * parseLocale('zh-CN'); // "zh"
 * parseLocale(null);    // "vi"
 */
export function parseLocale(value: string | null | undefined): Locale {
  const base = (value ?? '').toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : DEFAULT_LOCALE;
}
