/**
 * English and Chinese words arrive when they are needed: the built console's first bundle carries
 * only Vietnamese (src/build/client-bundle.ts), so a driver's phone does not download three
 * languages to read one. `loadLocale` fetches a language's dictionary once and fills DICTIONARY;
 * where every language is bundled already (tests, dev server) it has nothing to do.
 */
import { DEFAULT_LOCALE, type Locale } from './define-messages.ts';
import { DICTIONARY } from './messages.ts';

/** Every language but Vietnamese (DEFAULT_LOCALE), which is always in the first bundle. */
const LOADERS: Record<Exclude<Locale, 'vi'>, () => Promise<{ default: Record<string, string> }>> = {
  en: () => import('./dictionary-en.ts'),
  zh: () => import('./dictionary-zh.ts'),
};

const pending = new Map<Locale, Promise<void>>();

/** Whether `locale`'s words are in DICTIONARY (Vietnamese always is). */
export function isLocaleLoaded(locale: Locale): boolean {
  return locale === DEFAULT_LOCALE || Object.keys(DICTIONARY[locale]).length > 0;
}

/**
 * @example await loadLocale('zh'); translate('zh', 'app.name');
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (isLocaleLoaded(locale)) return Promise.resolve();
  let loading = pending.get(locale);
  if (!loading) {
    loading = LOADERS[locale as keyof typeof LOADERS]().then(
      (words) => {
        Object.assign(DICTIONARY[locale], words.default);
      },
      (err: unknown) => {
        // A dropped connection: the next pick of that language tries again.
        pending.delete(locale);
        throw err;
      },
    );
    pending.set(locale, loading);
  }
  return loading;
}
