import { expect, it } from 'vitest';
import { PEER_LANES, peerWorkload } from './peers-workload.ts';

it('gives every implementation the same lanes, trucks and arrivals', () => {
  const a = peerWorkload(500, 1);
  const b = peerWorkload(500, 1);
  expect(a.trucks).toEqual(b.trucks);
  expect(a.lanes).toHaveLength(PEER_LANES.documents + PEER_LANES.xray + PEER_LANES.gate);
  const [arriveA, arriveB] = [a.arrivals(), b.arrivals()];
  const first = Array.from({ length: 50 }, () => arriveA());
  expect(Array.from({ length: 50 }, () => arriveB())).toEqual(first);
  // A fresh stream starts over: each implementation sees the same arrivals.
  expect(a.arrivals()()).toEqual(first[0]);
});

it('routes every truck through the gate last, arrivals from documents, with ranks by class', () => {
  const w = peerWorkload(2000, 1);
  const rank = { perishable: 0, trusted: 1, ordinary: 2, empty_return: 3, walk_in: 4 };
  for (const t of w.trucks) {
    expect(t.stages.at(-1)).toBe('gate');
    expect(t.rank).toBe(rank[t.priorityClass]);
  }
  const starts = new Map<string, number>();
  for (const t of w.trucks) starts.set(t.stages[0]!, (starts.get(t.stages[0]!) ?? 0) + 1);
  // Spread over the stages by their lanes (7 : 2 : 7 of 2,000 → about 875 : 250 : 875).
  expect(starts.get('documents')).toBeGreaterThan(700);
  expect(starts.get('xray')).toBeGreaterThan(150);
  expect(starts.get('gate')).toBeGreaterThan(700);
  const arrive = w.arrivals();
  for (let i = 0; i < 100; i++) expect(arrive().stages[0]).toBe('documents');
  expect(new Set(w.trucks.map((t) => t.id)).size).toBe(2000);
});
