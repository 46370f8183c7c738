/**
 * The one seeded generator (mulberry32): the simulator, the benchmarks and the property tests draw from it, so
 * a seed written in a report, a failing test or a scenario file replays the same numbers everywhere.
 *
 * @example
 * const next = mulberry32(42);
 * next(); // a number in [0, 1), the same first number for seed 42 every time
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
