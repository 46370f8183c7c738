import { describe, expect, it } from 'vitest';
import { normaliseIdentifier } from './normalise-identifier.ts';
import { checkCnPlate } from './cn-plate.ts';
import { checkContainerNumber } from './container.ts';
import { checkVnPlate } from './vn-plate.ts';

// Rule: DESIGN.md "Identifiers": NFKC, every Unicode dash to `-`, trimmed, before any check.
describe('normaliseIdentifier', () => {
  it('folds full-width letters and digits (NFKC)', () => {
    expect(normaliseIdentifier('云Ｇ１２３４５')).toBe('云G12345');
    expect(normaliseIdentifier('ＣＳＱＵ３０５４３８３')).toBe('CSQU3054383');
  });
  it.each(['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D'])(
    'turns the dash U+%s into -',
    (dash) => {
      expect(normaliseIdentifier(`24C${dash}123.45`)).toBe('24C-123.45');
    },
  );
  it('trims surrounding spaces, including non-breaking and ideographic ones', () => {
    expect(normaliseIdentifier('\u00a0 24C-1234\u3000')).toBe('24C-1234');
  });
  it('never turns a letter into a digit or the reverse', () => {
    expect(normaliseIdentifier('24C-I23.45')).toBe('24C-I23.45');
    expect(normaliseIdentifier('云G1O345')).toBe('云G1O345');
  });
  it('every checker normalises first', () => {
    expect(checkCnPlate('云Ｇ１２３４５')).toEqual({ ok: true, value: '云G12345' });
    expect(checkVnPlate('２４Ｃ—１２３．４５')).toEqual({ ok: true, value: '24C12345' });
    expect(checkContainerNumber('ＣＳＱＵ ３０５４３８ ３')).toEqual({ ok: true, value: 'CSQU3054383' });
  });
});
