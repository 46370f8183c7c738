import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type PriorityClass, type Stage } from '@borderflow/contracts';
import { pickNext, queueScore, type PolicyQueue, type WaitingTruck } from './pick-next.ts';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 21, 1, 0, 0);
const truck = (tripId: string, priorityClass: PriorityClass, score: number): WaitingTruck => ({ tripId, priorityClass, score });
const queueOf = (trucks: (WaitingTruck & { stage?: Stage })[], pointer = 0): PolicyQueue => ({
  head: (stage, cls) => trucks.filter((t) => (t.stage ?? 'documents') === stage && t.priorityClass === cls).sort((a, b) => a.score - b.score)[0],
  pointer: () => pointer,
});
const anyLane = { capabilities: ['documents'] as Stage[], classes: [] };

describe('pickNext', () => {
  it('walks the interleave from the pointer', () => {
    const q = queueOf([truck('o', 'ordinary', T), truck('p', 'perishable', T + 5 * MIN)]);
    expect(pickNext(q, anyLane, DEFAULT_POLICY, T + 10 * MIN)).toMatchObject({ truck: { tripId: 'p' }, rule: 'interleave', slot: 0 });
    expect(pickNext(queueOf([truck('o', 'ordinary', T), truck('p', 'perishable', T)], 1), anyLane, DEFAULT_POLICY, T)).toMatchObject({ truck: { tripId: 'o' }, slot: 2 });
  });

  it('calls a truck waiting past agingMs first, oldest first', () => {
    const q = queueOf([truck('p', 'perishable', T + 100 * MIN), truck('e', 'empty_return', T), truck('o', 'ordinary', T + MIN)]);
    expect(pickNext(q, anyLane, DEFAULT_POLICY, T + DEFAULT_POLICY.agingMs + MIN)).toMatchObject({ truck: { tripId: 'e' }, rule: 'aging' });
  });

  it('falls back to the oldest class the pattern does not name, and serves only the lane’s classes', () => {
    const q = queueOf([truck('e', 'empty_return', T), truck('o', 'ordinary', T)]);
    expect(pickNext(q, { capabilities: ['documents'], classes: ['empty_return'] }, DEFAULT_POLICY, T)).toMatchObject({ truck: { tripId: 'e' }, slot: null });
    expect(pickNext(queueOf([]), anyLane, DEFAULT_POLICY, T)).toBeNull();
  });

  it('calls a walk-in (no slot) only when no class of the pattern waits, or once it has aged', () => {
    // The walk-in came first, an hour before the ordinary truck: it still waits behind it.
    const q = queueOf([truck('w', 'walk_in', T), truck('o', 'ordinary', T + 60 * MIN)]);
    expect(pickNext(q, anyLane, DEFAULT_POLICY, T + 61 * MIN)).toMatchObject({ truck: { tripId: 'o' }, rule: 'interleave' });
    expect(pickNext(queueOf([truck('w', 'walk_in', T)]), anyLane, DEFAULT_POLICY, T)).toMatchObject({ truck: { tripId: 'w' }, priorityClass: 'walk_in', slot: null });
    expect(pickNext(q, anyLane, DEFAULT_POLICY, T + DEFAULT_POLICY.agingMs)).toMatchObject({ truck: { tripId: 'w' }, rule: 'aging' });
  });
});

describe('queueScore (appointment priority)', () => {
  const grace = DEFAULT_POLICY.appointmentGraceMs;
  it.each([
    ['no slot', T + 5 * MIN, null, T + 5 * MIN],
    ['early: waits for its slot’s place', T - 20 * MIN, T, T],
    ['within grace', T + grace, T, T],
    ['late: back of the line', T + grace + 1, T, T + grace + 1],
  ] as const)('%s', (_name, arrivedAt, appointmentAt, score) => {
    expect(queueScore(arrivedAt, appointmentAt, DEFAULT_POLICY)).toBe(score);
  });
});
