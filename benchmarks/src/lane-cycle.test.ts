import { expect, it } from 'vitest';
import { laneCycleRequests, type LaneCycleStats } from './lane-cycle.ts';
import type { LoadContext } from './load-run.ts';

const board = (lanes: Array<[string, string, string | null]>) =>
  JSON.stringify({ lanes: lanes.map(([id, occupancy, trip]) => ({ id, occupancy, trip: trip && { id: trip } })) });

it('holds a lane for one board → arrive → start → complete cycle, then hands it back', () => {
  const stats: LaneCycleStats = { idleLaneReads: 0, completions: 0 };
  const [read, arrive, start, complete] = laneCycleRequests('KT', ['KT-X1', 'KT-X2'], stats);
  const ctx: LoadContext = {};
  expect(read!.setup!(ctx)).toEqual({ path: '/v1/gates/KT/lanes' });
  read!.onResponse!(200, board([['KT-X1', 'called', 't1'], ['KT-X2', 'called', 't2']]), ctx);
  expect(arrive!.setup!(ctx)).toEqual({ path: '/v1/gates/KT/lanes/KT-X1/arrive', body: { tripId: 't1' } });
  arrive!.onResponse!(200, '{}', ctx);
  expect(start!.setup!(ctx)).toEqual({ path: '/v1/gates/KT/lanes/KT-X1/start', body: { tripId: 't1' } });
  start!.onResponse!(200, '{}', ctx);
  expect(complete!.setup!(ctx)).toEqual({ path: '/v1/gates/KT/lanes/KT-X1/complete', body: { tripId: 't1', outcome: 'cleared' } });
  complete!.onResponse!(200, '{}', ctx);
  expect(stats.completions).toBe(1);

  // Lanes are handed out in turn: KT-X2 (not taken yet) first, then KT-X1 (handed back after its complete).
  const other: LoadContext = {};
  read!.setup!(other);
  expect(other.lane).toBe('KT-X2');
  read!.setup!(ctx);
  expect(ctx.lane).toBe('KT-X1');
});

it('hands an idle lane straight back and skips the rest of the cycle', () => {
  const stats: LaneCycleStats = { idleLaneReads: 0, completions: 0 };
  const [read, arrive] = laneCycleRequests('KT', ['KT-P1'], stats);
  const ctx: LoadContext = {};
  read!.setup!(ctx);
  read!.onResponse!(200, board([['KT-P1', 'idle', null]]), ctx);
  expect(stats.idleLaneReads).toBe(1);
  expect(arrive!.setup!(ctx)).toBeNull();
  // The lane is free again for the next cycle.
  read!.setup!(ctx);
  expect(ctx.lane).toBe('KT-P1');
});

it('gives the lane back when a step is refused', () => {
  const stats: LaneCycleStats = { idleLaneReads: 0, completions: 0 };
  const [read, arrive, start] = laneCycleRequests('KT', ['KT-N1'], stats);
  const ctx: LoadContext = {};
  read!.setup!(ctx);
  read!.onResponse!(200, board([['KT-N1', 'called', 't9']]), ctx);
  arrive!.setup!(ctx);
  arrive!.onResponse!(409, '{"error":{}}', ctx);
  expect(start!.setup!(ctx)).toBeNull();
  read!.setup!(ctx);
  expect(ctx.lane).toBe('KT-N1');
});
