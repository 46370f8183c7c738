import { describe, expect, it } from 'vitest';
import type { TripPlacement } from '@borderflow/contracts';
import { parseQueueFilter, queueFilterQuery, queueRows } from './queue-filter.ts';
import type { GateBoard } from '../../live/gate-board.ts';

const entry = (id: string, priorityClass: TripPlacement['priorityClass'], direction: TripPlacement['direction']) => ({
  trip: { id, priorityClass, direction, plate: id } as TripPlacement,
  since: 0,
  etaAt: null,
  reason: { rule: 'interleave' as const, priorityClass, policyVersion: 3 },
});

const board = {
  queues: {
    documents: [entry('a', 'ordinary', 'exit'), entry('b', 'perishable', 'exit'), entry('c', 'ordinary', 'entry')],
    xray: [entry('d', 'ordinary', 'exit')],
  },
} as unknown as GateBoard;

describe('queueRows', () => {
  it('keeps each truck’s place in its whole stage queue while filtering', () => {
    const rows = queueRows(board, { stage: 'documents', priorityClass: 'ordinary', direction: 'all' });
    expect(rows.map((r) => [r.trip.id, r.position, r.stage])).toEqual([
      ['a', 1, 'documents'],
      ['c', 3, 'documents'],
    ]);
    expect(queueRows(board, { stage: 'all', priorityClass: 'all', direction: 'exit' }).map((r) => r.trip.id)).toEqual(['a', 'b', 'd']);
  });
});

describe('queue filter in the URL', () => {
  it('reads known values, "all" otherwise, and writes only what is set', () => {
    const filter = parseQueueFilter(new URLSearchParams('stage=xray&class=bogus&direction=entry'));
    expect(filter).toEqual({ stage: 'xray', priorityClass: 'all', direction: 'entry' });
    expect(queueFilterQuery(filter)).toBe('?stage=xray&direction=entry');
    expect(queueFilterQuery({ stage: 'all', priorityClass: 'all', direction: 'all' })).toBe('');
  });
});
