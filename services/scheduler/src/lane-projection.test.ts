/**
 * The lane projection follows each truck's route: a truck it calls to one stage comes back into
 * its next stage's queue when that call's hold is over (and the truck a lane holds now, when the
 * lane frees), where the policy may call it before a truck waiting there now.
 */
import { describe, expect, it } from 'vitest';
import type { Stage } from '@borderflow/contracts';
import { projectLaneCalls, type LaneProjectionInput } from './lane-projection.ts';

const HOLD: Partial<Record<Stage, number>> = { documents: 200_000, gate: 100_000 };
const base = (over: Partial<LaneProjectionInput>): LaneProjectionInput => ({
  lanes: [
    { id: 'G', capabilities: ['gate'], classes: [], freeAt: 250_000 },
    { id: 'D', capabilities: ['documents'], classes: [], freeAt: 0 },
  ],
  queues: {
    documents: { perishable: [{ tripId: 'A', score: 0, priorityClass: 'perishable' }] },
    gate: { ordinary: [{ tripId: 'B', score: 0, priorityClass: 'ordinary' }] },
  },
  pointers: {},
  policy: { interleave: ['perishable', 'ordinary'], agingMs: 7_200_000 },
  holdMs: (stage) => HOLD[stage] ?? 0,
  now: 0,
  ...over,
});

describe('projectLaneCalls', () => {
  it('brings a called truck back into its next stage, where the interleave calls it first', () => {
    // A (perishable) is done with documents at 200 s and joins the gate queue; the gate lane frees
    // at 250 s and the pattern's perishable slot takes A, so B (ordinary) goes at 350 s.
    expect(projectLaneCalls(base({ routes: new Map([['A', ['gate']]]) })).get('B')).toBe(350_000);
    // Without its route A would leave after documents, and B would be promised 250 s.
    expect(projectLaneCalls(base({})).get('B')).toBe(250_000);
  });

  it("brings the truck a lane holds now back into its next stage when the lane frees", () => {
    const calls = projectLaneCalls(base({
      lanes: [
        { id: 'G', capabilities: ['gate'], classes: [], freeAt: 250_000 },
        { id: 'D', capabilities: ['documents'], classes: [], freeAt: 100_000, current: { tripId: 'P', priorityClass: 'perishable', next: ['gate'] } },
      ],
      queues: { gate: { ordinary: [{ tripId: 'B', score: 0, priorityClass: 'ordinary' }] } },
    }));
    // P is back in the gate queue at 100 s and goes first at 250 s; B at 350 s.
    expect(calls.get('B')).toBe(350_000);
    expect([...calls.keys()]).toEqual(['B']); // only trucks waiting now are answered
  });
});
