import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { extractExamples, figureHolds, parseExpected, type DocExample } from './doc-examples.ts';

/**
 * Every figure written in an `@example` of the simulator's sources is evaluated against the code.
 * The modules' exports are the scope the expressions run in (plus `rnd`, a seeded generator).
 * cli.ts runs on import and index.ts only re-exports, so they are not loaded.
 */
const DIRS = [import.meta.dirname, join(import.meta.dirname, '../calibration')];
const SOURCES = DIRS.flatMap((dir) =>
  readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'cli.ts' && f !== 'index.ts').map((f) => join(dir, f)),
);

async function scope(): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = { createRandom, rnd: createRandom(1) };
  for (const f of SOURCES) Object.assign(all, await import(f));
  return all;
}

const examples: DocExample[] = SOURCES.flatMap((f) => extractExamples(basename(f), readFileSync(f, 'utf8')));
// A figure that depends on earlier statements of its example (a simulated day on Redis) is checked by that module's own tests.
const checked = examples.filter((e) => e.expected !== null && e.context.length === 0);

describe('figures in doc comments', () => {
  it('finds the figures (simulator and calibration sources; so this test cannot pass by reading nothing)', () => {
    const names = checked.map((e) => e.expression);
    expect(names).toContain('erlangC({ lambda: 1.7, mu: 1, c: 2 })');
    expect(names).toContain('percentile([1, 2, 3, 4], 0.5)');
    expect(names).toContain('mdape([110, 50, 7], [100, 50, 0])');
    expect(examples.find((e) => e.expression === 'r.recorder.fairness.summary.unexplained')?.context[0]).toMatch(/^const r = await simulateGateDay/);
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });

  it.each(checked.map((e) => [`${e.file}: ${e.expression} // ${e.text}`, e] as const))('%s', async (_name, example) => {
    const s = await scope();
    const actual = new Function(...Object.keys(s), `return (${example.expression});`)(...Object.values(s)) as unknown;
    expect(figureHolds(example.expected!, actual), `got ${JSON.stringify(actual)}`).toBe(true);
  });
});

describe('the figure reader itself', () => {
  it('fails the erlang example as it was written (≈ 0.7855 for 0.78108)', () => {
    const was = extractExamples('erlang.ts', ' * @example erlangC({ lambda: 1.7, mu: 1, c: 2 }) // ≈ 0.7855')[0]!;
    expect(figureHolds(was.expected!, 0.781081081081081)).toBe(false);
    expect(figureHolds(parseExpected('≈ 0.78108')!, 0.781081081081081)).toBe(true);
  });
  it('reads numbers with units, ranges, object patterns; prose is not a figure', () => {
    expect(parseExpected('10 trucks/hour')).toEqual({ kind: 'number', value: 10, approx: false, decimals: 0 });
    expect(parseExpected('900_000..1_200_000')).toEqual({ kind: 'range', min: 900_000, max: 1_200_000 });
    expect(parseExpected('{ count: 2, meanMin: 1.5, ... }')).toEqual({ kind: 'object', fields: { count: 2, meanMin: 1.5 } });
    expect(parseExpected('a service time with mean 10 min')).toBeNull();
    expect(figureHolds({ kind: 'number', value: 2, approx: false, decimals: 0 }, 2.0001)).toBe(false);
    expect(figureHolds({ kind: 'range', min: 1, max: 2 }, 3)).toBe(false);
    expect(figureHolds({ kind: 'object', fields: { a: 1 } }, { a: 2 })).toBe(false);
  });
});
