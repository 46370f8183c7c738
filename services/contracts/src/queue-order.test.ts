import { describe, expect, it } from 'vitest';
import { applyQueueOrder, orderDigest, queueMoves, type QueueOrder } from './queue-order.ts';

const id = (x: string) => x;
const orderOf = (before: string[], after: string[]): QueueOrder => ({
  stage: 'documents', length: after.length, moves: queueMoves(before, after), digest: orderDigest(after),
});

describe('queueMoves', () => {
  it('names only the trucks that moved', () => {
    expect(queueMoves(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(queueMoves(['a', 'b', 'c'], ['x', 'a', 'b', 'c'])).toEqual([{ id: 'x', index: 0 }]);
    expect(queueMoves(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([{ id: 'c', index: 0 }]);
    expect(queueMoves(['a', 'b', 'c', 'd'], ['b', 'd'])).toEqual([]);
  });

  it('lets the client rebuild any order from the one before (random permutations, arrivals, departures)', () => {
    const rand = seededRandom(7);
    for (let round = 0; round < 300; round++) {
      const before = Array.from({ length: rand(30) }, (_, i) => `t${round}-${i}`);
      const kept = before.filter(() => rand(5) > 0);
      const after = [...kept, ...Array.from({ length: rand(4) }, (_, i) => `n${round}-${i}`)];
      for (let i = after.length - 1; i > 0; i--) if (rand(3) === 0) { const j = rand(i + 1); [after[i], after[j]] = [after[j]!, after[i]!]; }
      const arrivals = after.filter((x) => !before.includes(x));
      const order = orderOf(before, after);
      expect(order.moves.length).toBeLessThanOrEqual(after.length);
      // The client has `before` minus the trucks the events took out, and is placing the arrivals.
      expect(applyQueueOrder(kept, id, order, arrivals)).toEqual(after);
    }
  });
});

/** A repeatable random integer below n (a linear congruential generator), so a failing round can be rerun. */
function seededRandom(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
}

/** The fewest moves from `before` to `after`: the ids of `after` less a longest run in kept order (quadratic, plainly). */
function fewestMoves(before: readonly string[], after: readonly string[]): number {
  const old = after.map((id) => before.indexOf(id));
  const run = old.map(() => 0);
  old.forEach((o, j) => {
    if (o < 0) return;
    run[j] = 1 + Math.max(0, ...old.slice(0, j).map((p, i) => (p >= 0 && p < o ? run[i]! : 0)));
  });
  return after.length - Math.max(0, ...run);
}

describe('queueMoves on long orders that change in the middle', () => {
  it('still names the fewest moves, and the client rebuilds the order from them', () => {
    const rand = seededRandom(11);
    for (let round = 0; round < 400; round++) {
      const before = Array.from({ length: rand(60) }, (_, i) => `t${round}-${i}`);
      const after = before.filter(() => rand(12) > 0);
      // A few arrivals and a few moves, anywhere (often near one end, as check-ins and calls are).
      for (let k = rand(4); k > 0; k--) after.splice(rand(3) ? after.length - rand(3) : rand(after.length + 1), 0, `n${round}-${k}`);
      for (let k = rand(3); k > 0 && after.length > 1; k--) {
        const [x] = after.splice(rand(after.length), 1);
        after.splice(rand(after.length + 1), 0, x!);
      }
      const order = orderOf(before, after);
      expect(order.moves.length, `round ${round}`).toBe(fewestMoves(before, after));
      const kept = before.filter((x) => after.includes(x));
      expect(applyQueueOrder(kept, id, order, after.filter((x) => !before.includes(x))), `round ${round}`).toEqual(after);
    }
  });
});

describe('applyQueueOrder', () => {
  it('refuses what it cannot prove is the server order', () => {
    const order = orderOf(['a', 'b'], ['a', 'x', 'b']);
    expect(applyQueueOrder(['a', 'b'], id, order, ['x'])).toEqual(['a', 'x', 'b']);
    expect(applyQueueOrder(['a', 'b'], id, order, [])).toBeNull();
    expect(applyQueueOrder(['a', 'c'], id, order, ['x'])).toBeNull();
    expect(applyQueueOrder(['b', 'a'], id, order, ['x'])).toBeNull();
    expect(applyQueueOrder(['a', 'b'], id, { ...order, moves: [{ id: 'x', index: 3 }] }, ['x'])).toBeNull();
  });

  it('digests order and ids', () => {
    expect(orderDigest(['a', 'b'])).not.toBe(orderDigest(['b', 'a']));
    expect(orderDigest(['ab', 'c'])).not.toBe(orderDigest(['a', 'bc']));
    expect(orderDigest([])).toMatch(/^[0-9a-f]{8}$/);
  });
});
