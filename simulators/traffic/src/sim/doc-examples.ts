/**
 * Reads the figures written in `@example` doc comments so a test can check them: a doc that
 * says `erlangC(…) // ≈ 0.7855` when the function returns 0.78108 is a small untruth a reader
 * carries into a design review. One line per example: `@example <expression> // <expected>`.
 * Expected forms: a number (`2`, `≈ 0.78108`, `10 trucks/hour`: trailing words are a unit), a
 * range `900_000..1_200_000`, or an object pattern `{ count: 2, meanMin: 1.5, ... }` of numbers.
 * Anything else (prose such as "e.g. …") is not a figure and is reported as unchecked.
 */

/** What an example promises. */
export type ExpectedFigure =
  | { kind: 'number'; value: number; approx: boolean; decimals: number }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'object'; fields: Record<string, number> };

export interface DocExample {
  file: string;
  expression: string;
  expected: ExpectedFigure | null;
  /** The comment text as written. */
  text: string;
  /** Earlier lines of the same example (`const r = await …`): the figure depends on them. */
  context: string[];
}

const NUMBER = String.raw`-?\d[\d_]*(?:\.\d+)?`;
const num = (s: string): number => Number(s.replace(/_/g, ''));

/**
 * Parses the text after `//` into a figure, or null when it is prose.
 *
 * @example parseExpected('≈ 0.78108') // { kind: 'number', value: 0.78108, approx: true, decimals: 5 }
 */
export function parseExpected(text: string): ExpectedFigure | null {
  const t = text.trim();
  const range = new RegExp(`^(${NUMBER})\\.\\.(${NUMBER})$`).exec(t);
  if (range) return { kind: 'range', min: num(range[1]!), max: num(range[2]!) };
  const single = new RegExp(`^(≈\\s*)?(${NUMBER})(?:\\s+[^\\d{].*)?$`).exec(t);
  if (single) {
    const digits = single[2]!.split('.')[1]?.length ?? 0;
    return { kind: 'number', value: num(single[2]!), approx: single[1] !== undefined, decimals: digits };
  }
  if (t.startsWith('{')) {
    const fields: Record<string, number> = {};
    for (const m of t.matchAll(new RegExp(`(\\w+):\\s*(${NUMBER})`, 'g'))) fields[m[1]!] = num(m[2]!);
    return Object.keys(fields).length ? { kind: 'object', fields } : null;
  }
  return null;
}

/**
 * Every `@example expr // expected` in a source text, on the tag's line or on the lines after a
 * bare `@example`.
 *
 * @example extractExamples('erlang.ts', readFileSync('erlang.ts', 'utf8'))
 */
export function extractExamples(file: string, source: string): DocExample[] {
  const out: DocExample[] = [];
  const add = (expression: string, text: string, context: string[]) =>
    out.push({ file, expression: expression.replace(/;$/, ''), text, expected: parseExpected(text), context });
  let block: string[] | null = null; // the lines so far after a bare `@example`
  for (const line of source.split('\n')) {
    const inline = /^\s*(?:\/\*\*|\*)\s*@example\s+(.+?)\s+\/\/\s*(.+?)\s*(?:\*\/)?$/.exec(line);
    if (inline) add(inline[1]!, inline[2]!, []);
    if (/^\s*(?:\/\*\*|\*)\s*@example\s*$/.test(line)) {
      block = [];
      continue;
    }
    if (block && (/\*\/|^\s*\*\s*@/.test(line) || !/^\s*\*/.test(line))) block = null;
    if (!block) continue;
    const next = /^\s*\*\s+(.+?)\s+\/\/\s*(.+?)\s*$/.exec(line);
    if (next) add(next[1]!, next[2]!, [...block]);
    else block.push(line.replace(/^\s*\*\s?/, ''));
  }
  return out;
}

/**
 * Whether a computed value keeps the example's promise. An approximate figure (`≈`) holds when
 * it rounds to the value at the number of decimals written; an exact one must be equal.
 *
 * @example figureHolds({ kind: 'number', value: 0.78108, approx: true, decimals: 5 }, 0.781081) // true
 */
export function figureHolds(expected: ExpectedFigure, actual: unknown): boolean {
  switch (expected.kind) {
    case 'number':
      if (typeof actual !== 'number') return false;
      return expected.approx ? Math.abs(actual - expected.value) <= 0.5 * 10 ** -expected.decimals + 1e-12 : actual === expected.value;
    case 'range':
      return typeof actual === 'number' && actual >= expected.min && actual <= expected.max;
    case 'object':
      return (
        typeof actual === 'object' && actual !== null &&
        Object.entries(expected.fields).every(([k, v]) => (actual as Record<string, unknown>)[k] === v)
      );
  }
}
