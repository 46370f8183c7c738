import { describe, expect, it } from 'vitest';
import { parseUserNumber } from './number-input.ts';

describe('parseUserNumber', () => {
  it.each([
    ['18.000', 'vi', 18000],
    ['18.000', 'en', 18],
    ['18,000', 'en', 18000],
    ['18,000', 'zh', 18000],
    ['18,000', 'vi', 18],
    ['1.234.567,5', 'vi', 1234567.5],
    ['1,234,567.5', 'en', 1234567.5],
    ['18,5', 'en', 18.5],
    ['18.5', 'vi', 18.5],
    [' 18 000 ', 'vi', 18000],
    ['1200', 'vi', 1200],
    ['-2', 'en', -2],
  ] as const)('reads %s in %s as %d', (text, locale, value) => {
    expect(parseUserNumber(text, locale)).toBe(value);
  });

  it.each([['abc'], [''], ['1.2.3'], ['18,00.5'], ['1..2']])('refuses %j', (text) => {
    expect(parseUserNumber(text, 'vi')).toBeNaN();
    expect(parseUserNumber(text, 'en')).toBeNaN();
  });
});
