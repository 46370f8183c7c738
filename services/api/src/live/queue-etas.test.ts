/**
 * Which live deltas carry ETAs: the newest event a fan-out has read carries every ETA that moved,
 * however late it is by the clock (a slow machine is not a backlog); an event with newer ones
 * already read behind it carries none, and the next newest one makes up for it.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { GateEvent } from '@borderflow/contracts';
import { accepted } from '@borderflow/scheduler/testing';
import { useKimThanhScheduler } from '@borderflow/scheduler/testing-hooks';
import { attachQueueEtas } from './queue-etas.ts';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);

describe('attachQueueEtas', () => {
  const { s } = useKimThanhScheduler(T0);

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
});
