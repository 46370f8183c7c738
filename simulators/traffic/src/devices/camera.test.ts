import { describe, expect, it } from 'vitest';
import { plateDistance, suggestPlates } from '@borderflow/contracts';
import { createRandom } from '../random.ts';
import { misread, readPlate } from './camera.ts';

describe('a simulated ANPR camera', () => {
  it('confuses look-alike characters, which the fuzzy matching recognises as misreads', () => {
    const rnd = createRandom(1);
    for (let i = 0; i < 200; i++) {
      const wrong = misread('29C-108.56', 'confusion', rnd);
      expect(wrong).not.toBe('29C10856');
      expect(plateDistance(wrong, '29C10856')).toBe(0.25);
    }
  });

  it('gets one character wrong, or cuts the plate short', () => {
    const rnd = createRandom(2);
    for (let i = 0; i < 200; i++) {
      const wrong = misread('29C10856', 'wrong_char', rnd);
      expect(wrong).toHaveLength(8);
      expect([...wrong].filter((ch, j) => ch !== '29C10856'[j])).toHaveLength(1);
      const partial = misread('29C10856', 'partial', rnd);
      expect(partial.length).toBeGreaterThanOrEqual(5);
      expect('29C10856'.includes(partial)).toBe(true);
    }
  });

  it('misreads and fails to read at the configured rates, replayably by seed', () => {
    const kinds = (seed: number) => {
      const rnd = createRandom(seed);
      return Array.from({ length: 20_000 }, (_, i) => readPlate('29C10856', { rnd, misreadRate: 0.05, noReadRate: 0.02 }, `c:${i}`));
    };
    const reads = kinds(3);
    const share = (pick: (k: string) => boolean) => reads.filter((r) => pick(r.kind)).length / reads.length;
    expect(share((k) => k === 'no_read')).toBeCloseTo(0.02, 2);
    expect(share((k) => k !== 'correct' && k !== 'no_read')).toBeCloseTo(0.05, 2);
    expect(reads.filter((r) => r.kind === 'correct').every((r) => r.text === '29C10856' && r.confidence >= 0.9)).toBe(true);
    expect(reads.filter((r) => r.kind === 'no_read').every((r) => r.text === null)).toBe(true);
    expect(kinds(3).map((r) => r.text)).toEqual(reads.map((r) => r.text));
    // Most misreads still point at the right truck for the operator: it is among the suggestions.
    const wrong = reads.filter((r) => r.kind === 'confusion' || r.kind === 'wrong_char');
    const found = wrong.filter((r) => suggestPlates(r.text!, ['29C10856', '24C55555']).some((c) => c.plate === '29C10856'));
    expect(found.length).toBe(wrong.length);
  });
});
