import { describe, expect, it } from 'vitest';
import { normalisePlate, plateDistance, repairVnPlate, suggestPlates } from './plate-match.ts';

const EXPECTED = ['24C12345', '24C12845', '29C54321', '24B10000', '云G12345'];

describe('normalisePlate', () => {
  it('strips separators and upper-cases', () => {
    expect(normalisePlate(' 24c-123.45 ')).toBe('24C12345');
    expect(normalisePlate('云G·12345')).toBe('云G12345');
  });
});

describe('plateDistance', () => {
  it('charges a quarter for a misread and one for any other edit', () => {
    expect(plateDistance('24C12345', '24C12345')).toBe(0);
    expect(plateDistance('24C1234S', '24C12345')).toBe(0.25);
    expect(plateDistance('24CI2345', '24C12345')).toBe(0.25);
    expect(plateDistance('24C12O45', '24C12045')).toBe(0.25);
    expect(plateDistance('24C1234', '24C12345')).toBe(1);
    expect(plateDistance('24C12395', '24C12345')).toBe(1);
  });
});

describe('repairVnPlate', () => {
  it('puts digits where the layout wants digits and letters in the series', () => {
    expect(repairVnPlate('24C-I23.4S')).toBe('24C12345');
    expect(repairVnPlate('Z4B-1OOOO')).toBe('24B10000');
    expect(repairVnPlate('248-10000')).toBe('24B10000');
    expect(repairVnPlate('24LD-O1234')).toBe('24LD01234');
  });

  it('leaves what does not look like a Vietnamese plate alone', () => {
    expect(repairVnPlate('云G12345')).toBe('云G12345');
    expect(repairVnPlate('ABC')).toBe('ABC');
  });
});

describe('suggestPlates', () => {
  it('finds the exact plate first', () => {
    expect(suggestPlates('24C-123.45', EXPECTED)[0]).toEqual({ plate: '24C12345', kind: 'exact', distance: 0 });
  });

  it('matches 0/O, 8/B, 1/I and 5/S misreads', () => {
    expect(suggestPlates('24C-I23.4S', EXPECTED)[0]).toMatchObject({ plate: '24C12345', kind: 'misread' });
    expect(suggestPlates('248-1OOOO', EXPECTED)[0]).toMatchObject({ plate: '24B10000', kind: 'misread' });
    expect(suggestPlates('29C-S432I', EXPECTED)[0]).toMatchObject({ plate: '29C54321', kind: 'misread' });
  });

  it('ranks a misread above a real typo and offers both when close', () => {
    // 24C12B45: B/8 is a misread of 24C12845, and one real edit away from 24C12345.
    const found = suggestPlates('24C12B45', EXPECTED);
    expect(found.map((c) => [c.plate, c.kind])).toEqual([
      ['24C12845', 'misread'],
      ['24C12345', 'typo'],
    ]);
  });

  it('suggests nothing for readings too far from every expected truck or too short', () => {
    expect(suggestPlates('51D-999.99', EXPECTED)).toEqual([]);
    expect(suggestPlates('24C', EXPECTED)).toEqual([]);
  });

  it('handles Chinese plates and repeats in the expected list', () => {
    expect(suggestPlates('云G1234S', [...EXPECTED, '云G12345'])).toEqual([{ plate: '云G12345', kind: 'misread', distance: 0.25 }]);
  });
});

describe('normalisePlate agrees with the server’s identifier normalisation', () => {
  it('folds full-width characters and every dash, and never swaps letters and digits', () => {
    expect(normalisePlate('云Ｇ１２３４５')).toBe('云G12345');
    expect(normalisePlate('24C–123.45')).toBe('24C12345');
    expect(normalisePlate('24C−123.45')).toBe('24C12345');
    expect(normalisePlate('24C-I23.45')).toBe('24CI2345');
  });
});

describe('repairVnPlate suggests only valid plates', () => {
  it('reads I in a one-letter series plate as 1 rather than keeping the invalid series CI', () => {
    expect(repairVnPlate('24CI2345')).toBe('24C12345');
  });
  it('leaves a plate alone when no rewrite is valid', () => {
    expect(repairVnPlate('13C-123.45')).toBe('13C12345');
  });
});
