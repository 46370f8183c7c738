import { describe, expect, it } from 'vitest';
import {
  checkContainerNumber,
  checkCnTrailerPlate,
  checkCnTruckPlate,
  checkDeclarationNumber,
  checkPlate,
  checkTrailerPlate,
  checkVnTrailerPlate,
  checkVnTruckPlate,
} from '@borderflow/contracts';
import { createRandom } from './random.ts';
import {
  randomChinesePlate,
  randomChineseTrailerPlate,
  randomContainerNumber,
  randomDeclarationNumber,
  randomVietnamesePlate,
  randomVietnameseTrailerPlate,
} from './random-identifiers.ts';

const N = 500;

function many<T>(seed: number, make: (rnd: ReturnType<typeof createRandom>) => T): T[] {
  const rnd = createRandom(seed);
  return Array.from({ length: N }, () => make(rnd));
}

describe('random identifiers pass the contracts validators', () => {
  it('Vietnamese truck plates look like 24C-123.45', () => {
    for (const plate of many(1, randomVietnamesePlate)) {
      expect(plate).toMatch(/^\d{2}[A-Z]-\d{3}\.\d{2}$/);
      expect(checkVnTruckPlate(plate), plate).toMatchObject({ ok: true });
      expect(checkPlate(plate), plate).toMatchObject({ ok: true });
    }
  });

  it('Vietnamese trailer plates use series R', () => {
    for (const plate of many(2, randomVietnameseTrailerPlate)) {
      expect(plate).toMatch(/^\d{2}R-\d{3}\.\d{2}$/);
      expect(checkVnTrailerPlate(plate), plate).toMatchObject({ ok: true });
      expect(checkTrailerPlate(plate), plate).toMatchObject({ ok: true });
    }
  });

  it('Chinese plates are mostly from Hekou (云G) and never use I or O', () => {
    const plates = many(3, randomChinesePlate);
    for (const plate of plates) {
      expect(plate).not.toMatch(/[IO]/);
      expect(checkCnTruckPlate(plate), plate).toMatchObject({ ok: true });
      expect(checkPlate(plate), plate).toMatchObject({ ok: true });
    }
    expect(plates.filter((p) => p.startsWith('云G')).length).toBeGreaterThan(N * 0.6);
    for (const plate of many(4, randomChineseTrailerPlate)) {
      expect(checkCnTrailerPlate(plate), plate).toMatchObject({ ok: true });
      expect(checkTrailerPlate(plate), plate).toMatchObject({ ok: true });
    }
  });

  it('container numbers carry a correct ISO 6346 check digit', () => {
    const numbers = many(5, randomContainerNumber);
    for (const number of numbers) expect(checkContainerNumber(number), number).toMatchObject({ ok: true, value: number });
    // A wrong last digit is caught, so the generator is not passing by accident.
    const first = numbers[0] as string;
    const wrong = first.slice(0, 10) + String((Number(first.charAt(10)) + 1) % 10);
    expect(checkContainerNumber(wrong)).toMatchObject({ ok: false, rule: 'container_check_digit' });
  });

  it('declaration numbers are 12 digits, export 3…, import 1…, no amendment yet', () => {
    const rnd = createRandom(6);
    for (let i = 0; i < N; i++) {
      const direction = i % 2 === 0 ? 'exit' : 'entry';
      const number = randomDeclarationNumber(rnd, direction);
      expect(checkDeclarationNumber(number), number).toMatchObject({ ok: true });
      expect(number).toMatch(direction === 'exit' ? /^30\d{9}0$/ : /^10\d{9}0$/);
    }
  });
});

describe('seeded randomness', () => {
  it('replays the same identifiers for the same seed', () => {
    const run = (seed: number) => {
      const rnd = createRandom(seed);
      return [randomVietnamesePlate(rnd), randomChinesePlate(rnd), randomContainerNumber(rnd), randomDeclarationNumber(rnd, 'exit')];
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('draws integers within bounds and weighted picks in proportion', () => {
    const rnd = createRandom(7);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const n = rnd.int(1, 6);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(6);
      counts[rnd.weighted([['a', 3], ['b', 1]] as const)]++;
    }
    expect(counts.a / 10_000).toBeCloseTo(0.75, 1);
  });
});
