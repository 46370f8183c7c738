/**
 * The gate library keeps a few values between commands (gate-context.lua `split`, placement-json.lua
 * `routeJsonOf` and `laneIdJson`): a route's stages and its JSON, a lane id's JSON. They are shared
 * tables, bounded at 256 entries each, and must give every trip and lane its own values, also after
 * they start over and when one library serves several gates.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, STAGES, type Stage } from '@borderflow/contracts';
import { testRedis } from '@borderflow/testkit/testing';
import { GateScheduler } from './gate-scheduler.ts';
import { accepted } from './testing.ts';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

/** 300 different routes (more than a memo keeps): every ordered pair and triple of stages, then quadruples. */
function routes(count: number): Stage[][] {
  const out: Stage[][] = [];
  const extend = (route: Stage[], length: number) => {
    if (out.length >= count) return;
    if (route.length === length) { out.push(route); return; }
    for (const s of STAGES) if (!route.includes(s)) extend([...route, s], length);
  };
  for (const length of [2, 3, 4]) extend([], length);
  return out;
}

describe('values the gate library keeps between commands', () => {
  it('give each trip its own route and each lane its own id, past their bound and across gates', async () => {
    const t = testRedis();
    try {
      const a = new GateScheduler({ redis: t.redis, gate: 'MA', prefix: t.prefix });
      const b = new GateScheduler({ redis: t.redis, gate: 'MB', prefix: t.prefix });
      const meta = { actor: 'test', now: T0 };
      // 300 lanes that serve nothing a trip below needs first, so every trip stays queued.
      await a.configure(Array.from({ length: 300 }, (_, i) => ({
        id: `lane-${i}`, name: `Lane ${i}`, direction: 'entry' as const, capabilities: ['weighbridge' as const], classes: [], status: 'open' as const,
      })), DEFAULT_POLICY, meta);
      await b.configure([], DEFAULT_POLICY, meta);
      const all = routes(300);
      expect(new Set(all.map((r) => r.join())).size).toBe(300);
      // Twice through: the second pass meets the memos after they started over.
      for (const pass of [0, 1]) {
        for (const [i, route] of all.entries()) {
          const gate = (i + pass) % 2 ? b : a;
          const trip = accepted(await gate.checkIn({ tripId: `t${pass}-${i}`, plate: `24C${i}`, direction: 'exit', priorityClass: 'ordinary', stages: route, ...meta })).trip!;
          expect([trip.stages, trip.stage]).toEqual([route, route[0]]);
        }
      }
      const events = [...await a.readEvents('0', 10_000), ...await b.readEvents('0', 10_000)];
      const lanes = events.filter((e) => e.type === 'lane_configured').map((e) => e.lane?.id);
      expect(lanes).toEqual(Array.from({ length: 300 }, (_, i) => `lane-${i}`));
      for (const e of events.filter((e) => e.type === 'trip_arrived')) {
        const [pass, i] = e.trip!.id.slice(1).split('-').map(Number) as [number, number];
        expect([e.gate, e.trip!.stages, e.trip!.stage]).toEqual([(i + pass) % 2 ? 'MB' : 'MA', all[i], all[i]![0]]);
      }
    } finally {
      await t.cleanup();
    }
  });
});
