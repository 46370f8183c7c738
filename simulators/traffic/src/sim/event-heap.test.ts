import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { EventHeap } from './event-heap.ts';

describe('EventHeap', () => {
  it('pops in time order, and events at the same time in the order they were pushed', () => {
    const heap = new EventHeap<string>();
    heap.push(20, 'c');
    heap.push(10, 'a');
    heap.push(10, 'b');
    heap.push(5, 'first');
    heap.push(20, 'd');
    expect(heap.peekTime()).toBe(5);
    const out: string[] = [];
    while (heap.size) out.push(heap.pop()!.event);
    expect(out).toEqual(['first', 'a', 'b', 'c', 'd']);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('agrees with a stable sort on 5,000 random events pushed while popping', () => {
    const rnd = createRandom(3);
    const heap = new EventHeap<number>();
    const pushed: { at: number; id: number }[] = [];
    const popped: number[] = [];
    let id = 0;
    let now = 0;
    for (let i = 0; i < 5_000; i++) {
      const at = now + rnd.int(0, 50); // few distinct times: many ties
      heap.push(at, id);
      pushed.push({ at, id: id++ });
      if (rnd.chance(0.4)) {
        const next = heap.pop()!;
        expect(next.at).toBeGreaterThanOrEqual(now);
        now = next.at;
        popped.push(next.event);
      }
    }
    while (heap.size) popped.push(heap.pop()!.event);
    expect(popped).toHaveLength(pushed.length);
    expect(new Set(popped).size).toBe(pushed.length);
    // Among events that were waiting together, time then insertion order decides.
    const byId = new Map(pushed.map((p) => [p.id, p.at]));
    for (let i = 1; i < popped.length; i++) {
      const [a, b] = [popped[i - 1]!, popped[i]!];
      if (byId.get(a) === byId.get(b) && b < a) throw new Error(`tie ${a} and ${b} out of insertion order`);
    }
  });

  it('refuses a time that is not finite', () => {
    expect(() => new EventHeap().push(Number.NaN, 'x')).toThrow(/finite/);
  });
});
