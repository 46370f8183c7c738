/**
 * A small seeded pseudo-random generator (mulberry32). The simulators use it
 * instead of Math.random so that a seed replays the same traffic: a failing
 * scenario can be rerun exactly.
 */
import { mulberry32 } from '@borderflow/contracts';

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element of a list, weighted by `weight`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A string of `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string;
}

/**
 * Creates a seeded generator; without a seed it seeds itself from Math.random.
 *
 * @example
 * const rnd = createRandom(42);
 * rnd.int(1, 6); // the same die roll on every run with seed 42
 */
export function createRandom(seed?: number): Random {
  const next = mulberry32(seed ?? Math.floor(Math.random() * 2 ** 32));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick() needs a non-empty list');
    return items[int(0, items.length - 1)] as T;
  };
  return {
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick,
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [item, w] of items) {
        roll -= w;
        if (roll < 0) return item;
      }
      return pick(items)[0];
    },
    string: (alphabet, length) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(''),
  };
}
