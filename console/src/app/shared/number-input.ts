/**
 * A number as the user writes it in their language. Vietnamese groups thousands with "." and
 * writes decimals with ","; English and Chinese the other way round. "18.000" kg from a Vietnamese
 * driver is eighteen thousand, not eighteen (the old parser's reading: off by 1,000 on a
 * declaration). A separator that cannot be a thousands group (not followed by exactly three
 * digits) is read as the decimal mark, so "18.5" and "18,5" mean 18.5 in every language.
 *
 * @example
 * parseUserNumber('18.000', 'vi') // 18000
 * parseUserNumber('18,000', 'en') // 18000
 * parseUserNumber('1.234,5', 'vi') // 1234.5
 * parseUserNumber('18,5', 'en')   // 18.5
 * parseUserNumber('abc', 'vi')    // NaN
 */
import type { Locale } from '../i18n/define-messages.ts';

export function parseUserNumber(text: string, locale: Locale): number {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return Number.NaN;
  const group = locale === 'vi' ? '.' : ',';
  const decimal = locale === 'vi' ? ',' : '.';
  const g = `\\${group}`;
  const d = `\\${decimal}`;
  // 1.234.567,89 (vi) / 1,234,567.89 (en, zh): groups of exactly three after the first.
  const grouped = new RegExp(`^[-+]?\\d{1,3}(${g}\\d{3})+(${d}\\d+)?$`);
  if (grouped.test(s)) return Number(s.split(group).join('').replace(decimal, '.'));
  // No grouping: either mark is a decimal mark, once.
  if (/^[-+]?\d+([.,]\d+)?$/.test(s)) return Number(s.replace(',', '.'));
  return Number.NaN;
}
