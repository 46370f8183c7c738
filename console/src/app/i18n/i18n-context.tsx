/**
 * The language of the whole app: Vietnamese by default, remembered in localStorage, switchable
 * from any screen. `useI18n()` gives `t` (typed keys), `tAny` (run-time keys) and formatters.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LOCALE, parseLocale, type Locale } from './define-messages.ts';
import type { MessageKey } from './messages.ts';
import { missingKeys, translate, translateAny, type MessageParams } from './translate.ts';
import { createFormatters, type Formatters } from './format.ts';
import { isLocaleLoaded, loadLocale } from './load-locale.ts';

export const LOCALE_STORAGE_KEY = 'borderflow.lang';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** For keys built from server data; unknown ones are recorded as missing. */
  tAny(key: string, params?: MessageParams, fallback?: string): string;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

/** The language remembered on this device (Vietnamese when none is). */
export function storedLocale(): Locale {
  try {
    return parseLocale(localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return parseLocale(null); // storage disabled (private mode): Vietnamese
  }
}

/**
 * @example
 * <I18nProvider><App /></I18nProvider>
 * <I18nProvider initialLocale="zh">…</I18nProvider> // tests
 */
export function I18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  // main.tsx loads the remembered language before the first render; should that have failed, the
  // screen starts in Vietnamese rather than showing keys.
  const [locale, setLocaleState] = useState<Locale>(() => {
    const wanted = initialLocale ?? storedLocale();
    return isLocaleLoaded(wanted) ? wanted : DEFAULT_LOCALE;
  });
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
    // The words first, then the switch: the screen never shows a language half-loaded.
    if (isLocaleLoaded(next)) setLocaleState(next);
    else loadLocale(next).then(() => setLocaleState(next), () => undefined);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    window.__borderflowI18n = { locale, missing: () => [...missingKeys] };
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tAny: (key, params, fallback) => translateAny(locale, key, params, fallback),
      fmt: createFormatters(locale),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * The chosen language, or null outside <I18nProvider> (providers that also run without it).
 *
 * @example const locale = useLocaleIfAny(); // 'vi' | 'en' | 'zh' | null
 */
export function useLocaleIfAny(): Locale | null {
  return useContext(I18nContext)?.locale ?? null;
}

/** @example const { t, fmt } = useI18n(); t('login.title'); fmt.number(1200); */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}

/**
 * For a page that shows a language other than the user's (the LED board alternates Vietnamese and
 * Chinese): loads it and re-renders once its words are in.
 *
 * @example const zhReady = useLocaleWords('zh');
 */
export function useLocaleWords(locale: Locale): boolean {
  const [loaded, setLoaded] = useState(() => isLocaleLoaded(locale));
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadLocale(locale).then(
      () => live && setLoaded(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [locale, loaded]);
  return loaded;
}
