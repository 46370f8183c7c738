/**
 * Which live deltas carry ETAs: the newest event a fan-out has read carries every ETA that moved,
 * however late it is by the clock (a slow machine is not a backlog); an event with newer ones
 * already read behind it carries none, and the next newest one makes up for it.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { GateEvent } from '@borderflow/contracts';
import { GateReader } from '@borderflow/scheduler';
import { accepted, gateKeysOf } from '@borderflow/scheduler/testing';
import { useKimThanhScheduler } from '@borderflow/scheduler/testing-hooks';
import { attachQueueEtas } from './queue-etas.ts';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);

describe('attachQueueEtas', () => {
  const { t, s } = useKimThanhScheduler(T0);

  it('sends ETAs with the newest event read, not with one that has a backlog behind it', async () => {
    for (const lane of (await s.snapshot(T0)).lanes) accepted(await s.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    const checkIn = (n: number) =>
      s.checkIn({ tripId: `e${n}`, plate: `24C${10000 + n}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor: 'test', now: T0 + n * 1000 });
    accepted(await checkIn(1));
    accepted(await checkIn(2));
    const [first, second] = ((await s.readEvents('0')) as GateEvent[]).filter((e) => e.trip).slice(-2);
    // The clock reads an hour after both events: late, yet the newest read is still the present.
    const etas = attachQueueEtas(() => s, pino({ level: 'silent' }), () => T0 + 3_600_000);
    const waiting = () => true;

    expect(await etas.onEvent(first!, waiting, 1)).toBeUndefined();
    const caughtUp = await etas.onEvent(second!, waiting, 0);
    expect(caughtUp?.map((e) => e.id).sort()).toEqual(['e1', 'e2']);
    // Nothing moved since: not news.
    expect(await etas.onEvent(second!, waiting, 0)).toBeUndefined();
  });

  it("projects at the event's seq without reading the gate's seq first (one round trip less per delta)", async () => {
    for (const lane of (await s.snapshot(T0)).lanes) accepted(await s.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    accepted(await s.checkIn({ tripId: 'q1', plate: '24C10001', direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor: 'test', now: T0 }));
    const event = ((await s.readEvents('0')) as GateEvent[]).at(-1)!;
    const etas = attachQueueEtas(() => s, pino({ level: 'silent' }), () => T0 + 1000);
    // A driver's read projected the gate at this seq already.
    await s.readModel.places(T0 + 1000);
    const sent: string[] = [];
    const send = t.redis.sendCommand.bind(t.redis);
    t.redis.sendCommand = ((command, stream) => { sent.push(command.name); return send(command, stream); }) as typeof t.redis.sendCommand;
    try {
      expect((await etas.onEvent(event, () => true, 0))?.map((e) => e.id)).toEqual(['q1']);
    } finally {
      t.redis.sendCommand = send;
    }
    expect(sent).toEqual([]);
  });

  it('carries the right ETA in the delta after a route change (the routes are cached between deltas)', async () => {
    // KT-X2 alone serves documents and X-ray: C holds it; A (perishable, so the interleave takes it
    // before ordinary trucks) waits for documents then X-ray; B waits for X-ray.
    for (const lane of (await s.snapshot(T0)).lanes) {
      if (lane.id !== 'KT-X2') accepted(await s.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    }
    const checkIn = (tripId: string, stages: Array<'documents' | 'xray'>, n: number, priorityClass: 'ordinary' | 'perishable') =>
      s.checkIn({ tripId, plate: `24C${10000 + n}`, direction: 'exit', priorityClass, stages, actor: 'test', now: T0 + n * 1000 });
    accepted(await checkIn('c', ['xray'], 1, 'ordinary'));
    accepted(await checkIn('a', ['documents', 'xray'], 2, 'perishable'));
    accepted(await checkIn('b', ['xray'], 3, 'ordinary'));
    const now = T0 + 10_000;
    const etas = attachQueueEtas(() => s, pino({ level: 'silent' }), () => now);
    const last = async () => ((await s.readEvents('0')) as GateEvent[]).at(-1)!;
    const first = await etas.onEvent(await last(), () => true, 0);
    const bBefore = first!.find((e) => e.id === 'b')!.expectedAt;

    accepted(await s.setStages({ tripId: 'a', stages: ['documents'], actor: 'test', now }));
    const delta = await etas.onEvent(await last(), () => true, 0);
    // What a reader with no history projects at the same moment.
    const fresh = await new GateReader(t.redis, gateKeysOf(s)).queueEtas(now);
    const b = delta?.find((e) => e.id === 'b');
    expect(b?.expectedAt).toBe(now + fresh.get('b')!.expectedMs);
    expect(b!.expectedAt).toBeLessThan(bBefore - 5 * 60_000);
  });
});
