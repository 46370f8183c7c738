import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every `@example` line of the identifier validators that states a result (`check…('x'); // { ok:
 * true, value: '…' }`, `// '3'`, `// 6`) is evaluated against the code, so the docs a new user copies
 * from say exactly what the functions do. `...` in an object means "and more fields" (matched, not
 * equal); a label before the object (`// new-energy: { … }`) is prose.
 */
const DIR = import.meta.dirname;
const SOURCES = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

interface Example {
  file: string;
  expression: string;
  expected: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of SOURCES) {
    let inExample = false;
    for (const line of readFileSync(join(DIR, file), 'utf8').split('\n')) {
      if (/^\s*\*\s*@example\s*$/.test(line)) inExample = true;
      else if (/\*\/|^\s*\*\s*@/.test(line)) inExample = false;
      const m = inExample ? /^\s*\*\s+(.+?);?\s*\/\/\s*(?:[\w -]+:\s*)?(\{.*\}|'.*'|-?\d+(?:\.\d+)?)\s*$/.exec(line) : null;
      if (m) out.push({ file, expression: m[1]!.replace(/;$/, ''), expected: m[2]! });
    }
  }
  return out;
}

const ALL = examples();

async function scope(): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {};
  for (const f of SOURCES) Object.assign(all, await import(join(DIR, f)));
  return all;
}

describe('doc examples of the identifier validators', () => {
  it('finds them (so this test cannot pass by reading nothing)', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(30);
    expect(ALL.map((e) => e.expression)).toContain("checkVnPlate('24C-123.4')");
  });

  it.each(ALL.map((e) => [`${e.file}: ${e.expression} // ${e.expected}`, e] as const))('%s', async (_name, e) => {
    const s = await scope();
    const actual = new Function(...Object.keys(s), `return (${e.expression});`)(...Object.values(s)) as unknown;
    const partial = /,\s*\.\.\.\s*\}$/.test(e.expected);
    const expected = new Function(`return (${e.expected.replace(/,\s*\.\.\.\s*\}$/, ' }')});`)() as unknown;
    if (partial) expect(actual).toMatchObject(expected as object);
    else expect(actual).toEqual(expected);
  });
});
