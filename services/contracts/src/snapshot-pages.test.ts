import { describe, expect, it } from 'vitest';
import { SNAPSHOT_HEAD_PER_CLASS, joinSnapshotPages, pageGateSnapshot } from './snapshot-pages.ts';

const CLASSES = ['perishable', 'trusted', 'ordinary', 'empty_return'];
const entry = (stage: string, i: number) => ({
  trip: { id: `${stage}-${i}`, direction: i % 3 === 0 ? 'entry' : 'exit', priorityClass: CLASSES[(i * 7) % 4]! },
});
const snapshot = (sizes: Record<string, number>) => ({
  gate: 'KT',
  seq: 42,
  lanes: [],
  queues: Object.fromEntries(Object.entries(sizes).map(([stage, n]) => [stage, Array.from({ length: n }, (_, i) => entry(stage, i))])),
});

describe('pageGateSnapshot', () => {
  it('pages make exactly the queues back, in order, and the head names their lengths', () => {
    const whole = snapshot({ documents: 1210, xray: 7, gate: 600 });
    const { head, pages } = pageGateSnapshot(whole, 250);
    expect(pages.map((p) => Object.values(p.queues).reduce((n, e) => n + e!.length, 0))).toEqual([250, 250, 250, 250, 250, 250, 250, 67]);
    expect(head.paging).toEqual({ pages: 8, lengths: { documents: 1210, xray: 7, gate: 600 } });
    expect(joinSnapshotPages(head.paging!, head.seq, pages)).toEqual(whole.queues);
  });

  it('the head holds the first trucks of each direction and class of every stage, in call order', () => {
    const whole = snapshot({ documents: 1000 });
    const { head } = pageGateSnapshot(whole, 250);
    const expected = whole.queues.documents!.filter((e, i, all) =>
      all.slice(0, i).filter((o) => o.trip.direction === e.trip.direction && o.trip.priorityClass === e.trip.priorityClass).length < SNAPSHOT_HEAD_PER_CLASS);
    expect(head.queues.documents).toEqual(expected);
    expect(head.queues.documents!.length).toBe(2 * 4 * SNAPSHOT_HEAD_PER_CLASS);
  });

  it('refuses pages that do not make the announced queues', () => {
    const { head, pages } = pageGateSnapshot(snapshot({ documents: 600 }), 250);
    expect(joinSnapshotPages(head.paging!, 42, pages.slice(0, 2))).toBeNull();
    expect(joinSnapshotPages(head.paging!, 41, pages)).toBeNull();
    expect(joinSnapshotPages(head.paging!, 42, [pages[1]!, pages[0]!, pages[2]!])).toBeNull();
    expect(joinSnapshotPages({ ...head.paging!, lengths: { documents: 601 } }, 42, pages)).toBeNull();
  });

  it('leaves a small gate\'s snapshot whole', () => {
    const whole = snapshot({ documents: 100 });
    expect(pageGateSnapshot(whole, 250)).toEqual({ head: whole, pages: [] });
  });
});
