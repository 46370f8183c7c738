/**
 * The route cache (route-cache.ts): after the first read, a read costs only the trucks that events
 * named since, and a route changed by a command is never answered from before the change (the ETA
 * of the trucks behind it would be wrong by a whole service time).
 */
import { describe, expect, it } from 'vitest';
import { GateReader } from './gate-reader.ts';
import { QueueOrderModel } from './queue-order-model.ts';
import { accepted, gateKeysOf } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);

describe('RouteCache', () => {
  const { t, s } = useKimThanhScheduler(T0);

  const pauseAllBut = async (open: string[]) => {
    for (const lane of (await s.snapshot(T0)).lanes) {
      if (!open.includes(lane.id)) accepted(await s.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    }
  };
  const checkIn = (tripId: string, stages: Array<'documents' | 'xray' | 'gate'>, at: number, priorityClass: 'ordinary' | 'perishable' = 'ordinary') =>
    s.checkIn({ tripId, plate: `24C${10000 + at / 1000}`, direction: 'exit', priorityClass, stages, actor: 'test', now: T0 + at });

  it('reads a waiting truck\'s route once, and again only after an event names it', async () => {
    await pauseAllBut([]);
    accepted(await checkIn('a', ['documents', 'xray'], 1000));
    accepted(await checkIn('b', ['documents', 'gate'], 2000));
    const cache = s.reader.routeCache;
    const routes = async () => s.reader.routesOf(new QueueOrderModel(await s.reader.queueState(), { orders: false }).directionQueues('exit').queues);

    expect(await routes()).toEqual(new Map([['a', ['xray']], ['b', ['gate']]]));
    const first = { ...cache.counts };
    expect(await routes()).toEqual(new Map([['a', ['xray']], ['b', ['gate']]]));
    expect(cache.counts.misses - first.misses).toBe(0);

    accepted(await s.setStages({ tripId: 'a', stages: ['documents'], actor: 'test', now: T0 + 3000 }));
    const before = { ...cache.counts };
    expect(await routes()).toEqual(new Map([['b', ['gate']]]));
    // Only the truck the event named was read again.
    expect(cache.counts.misses - before.misses).toBe(1);
  });

  it('follows the events read with the gate state, each named truck\'s route read in that step', async () => {
    await pauseAllBut([]);
    accepted(await checkIn('a', ['documents', 'xray'], 1000));
    accepted(await checkIn('b', ['documents', 'gate'], 2000));
    const cache = s.reader.routeCache;
    const project = async (reader = s.reader) => {
      const { state, followed } = await reader.gateState();
      return reader.routesFollowing(followed, new QueueOrderModel(state, { orders: false }).directionQueues('exit').queues);
    };
    expect(await project()).toEqual(new Map([['a', ['xray']], ['b', ['gate']]]));

    accepted(await s.setStages({ tripId: 'a', stages: ['documents', 'gate'], actor: 'test', now: T0 + 3000 }));
    accepted(await checkIn('c', ['documents', 'xray'], 4000));
    accepted(await s.cancel({ tripId: 'b', actor: 'test', now: T0 + 5000 }));
    const before = { ...cache.counts };
    const expected = new Map([['a', ['gate']], ['c', ['xray']]]);
    expect(await project()).toEqual(expected);
    // The changed and the new truck came with the state: no read of the cache's own.
    expect(cache.counts.misses - before.misses).toBe(0);
    expect(await project(new GateReader(t.redis, gateKeysOf(s)))).toEqual(expected);
  });

  it('gives the same ETAs as a reader without history after a route change', async () => {
    // One exit lane serves documents and X-ray; C holds it, A (perishable: the interleave takes it
    // before ordinary trucks) waits for documents then X-ray, B for X-ray.
    await pauseAllBut(['KT-X2']);
    accepted(await checkIn('c', ['xray'], 1000));
    accepted(await checkIn('a', ['documents', 'xray'], 2000, 'perishable'));
    accepted(await checkIn('b', ['xray'], 3000));
    const now = T0 + 4000;
    const cached = await s.reader.queueEtas(now);
    expect(cached).toEqual(await new GateReader(t.redis, gateKeysOf(s)).queueEtas(now));

    // A no longer goes to X-ray: B is next there after A's documents, a whole X-ray service earlier.
    accepted(await s.setStages({ tripId: 'a', stages: ['documents'], actor: 'test', now }));
    const after = await s.reader.queueEtas(now);
    const fresh = await new GateReader(t.redis, gateKeysOf(s)).queueEtas(now);
    expect(after.get('b')!.expectedMs).toBeLessThan(cached.get('b')!.expectedMs - 5 * 60_000);
    expect(after).toEqual(fresh);
  });
});
