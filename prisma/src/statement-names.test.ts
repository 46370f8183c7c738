import { describe, expect, it } from 'vitest';
import { MAX_NAMED_PARAMETERS, statementNames } from './statement-names.ts';

describe('statementNames', () => {
  it('gives a text the same name every time, and another text another name', () => {
    const names = statementNames();
    const first = names({ sql: 'SELECT $1', args: [1] });
    expect(first).toMatch(/^bf_\d+$/);
    expect(names({ sql: 'SELECT $1', args: ['other value'] })).toBe(first);
    expect(names({ sql: 'SELECT $1 + 1', args: [1] })).not.toBe(first);
  });

  it('leaves a statement without parameters, or with a long list of them, unnamed', () => {
    const names = statementNames();
    expect(names({ sql: 'BEGIN; SELECT 1', args: [] })).toBeUndefined();
    const many = Array.from({ length: MAX_NAMED_PARAMETERS + 1 }, (_, i) => i);
    expect(names({ sql: `SELECT ${many.map((i) => `$${i + 1}`).join(', ')}`, args: many })).toBeUndefined();
  });

  it('names at most `max` texts (each is prepared on every connection), keeping those it named', () => {
    const names = statementNames(2);
    const a = names({ sql: 'SELECT $1 AS a', args: [1] });
    const b = names({ sql: 'SELECT $1 AS b', args: [1] });
    expect(names({ sql: 'SELECT $1 AS c', args: [1] })).toBeUndefined();
    expect([names({ sql: 'SELECT $1 AS a', args: [2] }), names({ sql: 'SELECT $1 AS b', args: [2] })]).toEqual([a, b]);
    expect(new Set([a, b]).size).toBe(2);
  });
});
