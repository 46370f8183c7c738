/**
 * Development check for words that were copied instead of translated: a Chinese or
 * Vietnamese entry identical to the English one (brand names and codes are allowed).
 * messages.test.ts fails on them; the e2e language test also reads `missingKeys` at run time.
 */
import { LOCALES } from './define-messages.ts';
import { DICTIONARY } from './messages.ts';

/** Values that are the same in every language on purpose. */
const SAME_EVERYWHERE = /^(BorderFlow|—|[A-Z0-9 .·:/+-]*|Tiếng Việt|English|中文|QR|ETA|CSV|GeoJSON|ID|p50|p90)$/u;

/** Vietnamese borrows single words (Container, Lux…): only a copied phrase of 2+ words is suspect. */
function isPhrase(text: string): boolean {
  return text.replace(/\{\w+\}/g, ' ').trim().split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 2;
}

/**
 * Keys whose `locale` text equals the English text (and is not on the allow-list).
 *
 * @example
 * expect(untranslatedKeys('zh')).toEqual([]);
 */
export function untranslatedKeys(locale: 'vi' | 'zh'): string[] {
  const own = DICTIONARY[locale];
  return Object.entries(DICTIONARY.en)
    .filter(([key, en]) => own[key] === en && !SAME_EVERYWHERE.test(en) && (locale === 'zh' || isPhrase(en)))
    .map(([key]) => key);
}

/** Keys present in one language and not another (cannot happen with `defineMessages`, checked anyway). */
export function keyMismatches(): string[] {
  const all = new Set(LOCALES.flatMap((l) => Object.keys(DICTIONARY[l])));
  return [...all].filter((key) => LOCALES.some((l) => DICTIONARY[l][key] === undefined));
}
