import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every `@example` result in the EDIFACT sources that is a plain value (`// 'UNOC'`, `// 2`,
 * `// "A?*B?+C"`, `// ['…']`) is evaluated against the code. Results written as EDIFACT segments
 * or elided with `…` illustrate a shape and are not figures.
 */
const DIR = import.meta.dirname;
const SOURCES = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));

const ALL = SOURCES.flatMap((file) =>
  readFileSync(join(DIR, file), 'utf8').split('\n').flatMap((line) => {
    const m = /^\s*\*\s+(.+?);?\s*\/\/\s*('[^']*'|"[^"]*"|-?\d+|\[(?:'[^']*'(?:,\s*)?)*\])\s*$/.exec(line);
    return m && !line.includes('…') ? [{ file, expression: m[1]!.replace(/;$/, ''), expected: m[2]! }] : [];
  }),
);

describe('doc examples of the EDIFACT layer', () => {
  it('finds them (so this test cannot pass by reading nothing)', () => {
    expect(ALL.map((e) => e.expression)).toEqual(expect.arrayContaining(['escapeEdifact("A*B+C")', "writeEdifact([seg('UNZ', 1, 'ICR1')])"]));
    expect(ALL.length).toBeGreaterThanOrEqual(8);
  });

  it.each(ALL.map((e) => [`${e.file}: ${e.expression} // ${e.expected}`, e] as const))('%s', async (_name, e) => {
    const scope: Record<string, unknown> = { Buffer };
    for (const f of SOURCES) Object.assign(scope, await import(join(DIR, f)));
    const actual = new Function(...Object.keys(scope), `return (${e.expression});`)(...Object.values(scope)) as unknown;
    expect(actual).toEqual(new Function(`return (${e.expected});`)());
  });
});
