/**
 * The simulation's agenda: a binary min-heap of events keyed by virtual time.
 * Events at the same time come out in the order they were scheduled (a
 * sequence number breaks ties), so a run is deterministic for a seed.
 */

export interface Scheduled<T> {
  at: number;
  seq: number;
  event: T;
}

/**
 * @example
 * const agenda = new EventHeap<string>();
 * agenda.push(20, 'b'); agenda.push(10, 'a'); agenda.push(10, 'c');
 * agenda.pop()?.event; // 'a', then 'c', then 'b'
 */
export class EventHeap<T> {
  private readonly items: Scheduled<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the next event, or +∞ when there is none. */
  peekTime(): number {
    return this.items[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, event: T): void {
    if (!Number.isFinite(at)) throw new Error(`event time must be finite, got ${at}`);
    const item = { at, seq: this.seq++, event };
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): Scheduled<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before<T>(a: Scheduled<T>, b: Scheduled<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
