/**
 * Reads arriving together share one statement (batched-read.ts), each answered with its own value;
 * a read never joins a statement already sent; a failed shared statement fails only its own read.
 */
import { describe, expect, it } from 'vitest';
import { BATCH_MAX, IN_FLIGHT, batchedRead, batchedStatement } from './batched-read.ts';

/** A store whose statements are recorded: the keys each was sent with, and what it saw. */
function store(rows: Map<string, number>) {
  const sent: string[][] = [];
  const read = batchedRead(async (_owner: object, keys: string[]) => {
    sent.push(keys);
    if (keys.includes('bad')) throw new Error('no such text');
    return new Map(keys.flatMap((k) => (rows.has(k) ? [[k, rows.get(k)!] as const] : [])));
  });
  return { sent, read };
}

describe('batched reads', () => {
  it('reads arriving together go in one statement, each answered with its own value', async () => {
    const { sent, read } = store(new Map([['a', 1], ['b', 2]]));
    const owner = {};
    expect(await Promise.all(['a', 'b', 'missing', 'a'].map((k) => read(owner, k)))).toEqual([1, 2, undefined, 1]);
    expect(sent).toEqual([['a', 'b', 'missing']]);
  });

  it('a read arriving while a statement runs joins the next one, which sees the writes made before it', async () => {
    const rows = new Map([['a', 1]]);
    const { sent, read } = store(rows);
    const owner = {};
    const first = read(owner, 'a');
    await new Promise((r) => setImmediate(r));
    // The first statement is sent: a change committed now is read by the next statement only.
    rows.set('a', 2);
    const second = read(owner, 'a');
    expect([await first, await second]).toEqual([1, 2]);
    expect(sent).toEqual([['a'], ['a']]);
  });

  it(`${IN_FLIGHT} statements of one kind run at once; reads arriving meanwhile gather into the next`, async () => {
    // A batch that waited for the one running statement and then for its own cost a booking storm up to
    // two statement times a step (RESULTS.md): a second statement goes out while the first runs.
    const started: string[][] = [];
    const finish: Array<() => void> = [];
    const read = batchedRead(async (_owner: object, keys: string[]) => {
      started.push(keys);
      await new Promise<void>((resolve) => finish.push(resolve));
      return new Map(keys.map((k) => [k, k.length]));
    });
    const owner = {};
    const tick = () => new Promise((r) => setImmediate(r));
    const reads = [read(owner, 'a')];
    await tick();
    reads.push(read(owner, 'bb'));
    await tick();
    reads.push(read(owner, 'ccc'), read(owner, 'dddd'));
    await tick();
    expect(started).toEqual([['a'], ['bb']]);
    finish.shift()!();
    await tick();
    await tick();
    expect(started).toEqual([['a'], ['bb'], ['ccc', 'dddd']]);
    while (finish.length > 0) finish.shift()!();
    await tick();
    finish.shift()?.();
    expect(await Promise.all(reads)).toEqual([1, 2, 3, 4]);
  });

  it("a key that fails the shared statement fails alone: the others' reads still answer", async () => {
    const { sent, read } = store(new Map([['a', 1]]));
    const owner = {};
    const [good, bad] = await Promise.allSettled([read(owner, 'a'), read(owner, 'bad')]);
    expect(good).toEqual({ status: 'fulfilled', value: 1 });
    expect(bad.status).toBe('rejected');
    expect(sent).toEqual([['a', 'bad'], ['a'], ['bad']]);
  });

  it(`asks at most ${BATCH_MAX} keys a statement, and keeps owners apart`, async () => {
    const keys = Array.from({ length: BATCH_MAX + 1 }, (_, i) => `k${i}`);
    const { sent, read } = store(new Map(keys.map((k, i) => [k, i])));
    const [one, two] = [{}, {}];
    const answers = await Promise.all([...keys.map((k) => read(one, k)), read(two, 'k0')]);
    expect(answers).toEqual([...keys.map((_, i) => i), 0]);
    expect(sent.map((s) => s.length).sort((a, b) => a - b)).toEqual([1, 1, BATCH_MAX]);
  });
});

describe('batched statements with something per key', () => {
  it('carry each call\'s item into one statement; a failed one is sent again alone per call, so one bad row fails only its own call', async () => {
    const sent: Array<Array<[string, number]>> = [];
    const write = batchedStatement(async (_owner: object, rows: Map<string, number>) => {
      sent.push([...rows]);
      if ([...rows.values()].includes(-1)) throw new Error('check violated');
      return new Map([...rows].map(([k, v]) => [k, v * 10]));
    });
    const owner = {};
    const answers = await Promise.allSettled([write(owner, 'a', 1), write(owner, 'b', -1), write(owner, 'c', 3)]);
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : 'refused'))).toEqual([10, 'refused', 30]);
    expect(sent).toEqual([[['a', 1], ['b', -1], ['c', 3]], [['a', 1]], [['b', -1]], [['c', 3]]]);
  });
});
