/**
 * QueueOrderModel replays a gate's events into the same call order the snapshot reads from Redis:
 * random check-ins of every class (and booked slots) and lane moves on the real Lua scheduler, with
 * a fixed clock so the projection's time is the events' time.
 */
import { describe, expect, it } from 'vitest';
import { applyQueueOrder, type PriorityClass, type Stage } from '@borderflow/contracts';
import { accepted } from './testing.ts';
import { useKimThanhScheduler } from './testing-hooks.ts';
import { QueueOrderModel } from './queue-order-model.ts';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);
const MIN = 60_000;

describe('QueueOrderModel', () => {
  const { s } = useKimThanhScheduler(T0);

  it('follows the events to the order the snapshot shows, with moves a client can apply', async () => {
    const lanes = (await s.snapshot(T0)).lanes.map((l) => l.id);
    for (const laneId of lanes) accepted(await s.setLaneStatus({ laneId, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    const model = new QueueOrderModel(await s.reader.queueState());
    const client = new Map<Stage, string[]>();
    let rnd = 99;
    const int = (n: number) => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31), rnd % n);
    const classes: PriorityClass[] = ['perishable', 'trusted', 'ordinary', 'empty_return'];
    let now = T0;
    for (let step = 0; step < 80; step++) {
      now += int(2) * MIN; // 80 steps stay under the 2 h aging: order moves only with events here
      const roll = int(10);
      if (roll < 6) {
        accepted(await s.checkIn({
          tripId: `m${step}`, plate: `24C${10000 + step}`, direction: int(4) ? 'exit' : 'entry', priorityClass: classes[int(4)]!,
          stages: int(2) ? ['documents', 'gate'] : ['gate'], appointmentAt: int(3) ? null : now - int(20) * MIN, actor: 'test', now,
        }));
      } else {
        const laneId = lanes[int(lanes.length)]!;
        const lane = (await s.snapshot(now)).lanes.find((l) => l.id === laneId)!;
        if (lane.status !== 'open') accepted(await s.setLaneStatus({ laneId, status: 'open', reason: '', actor: 'test', now }));
        else if (lane.trip && roll < 9) {
          if (lane.occupancy === 'called') accepted(await s.arriveAtLane({ laneId, tripId: lane.trip.id, actor: 'test', now }));
          if (lane.occupancy !== 'inspecting') accepted(await s.startInspection({ laneId, tripId: lane.trip.id, actor: 'test', now }));
          accepted(await s.complete({ laneId, tripId: lane.trip.id, outcome: 'cleared', actor: 'test', now }));
        } else accepted(await s.setLaneStatus({ laneId, status: 'paused', reason: 'test', actor: 'test', now }));
      }
      for (const event of await s.readEvents(model.streamId)) {
        const trip = event.trip;
        if (trip) for (const [stage, ids] of client) client.set(stage, ids.filter((id) => id !== trip.id));
        for (const order of model.apply(event) ?? []) {
          const placing = trip?.state === 'queued' && trip.stage === order.stage ? [trip.id] : [];
          const next = applyQueueOrder(client.get(order.stage) ?? [], (id) => id, order, placing);
          expect(next, `seq ${event.seq} ${order.stage}`).not.toBeNull();
          client.set(order.stage, next!);
        }
      }
      const snapshot = await s.snapshot(now);
      for (const stage of ['documents', 'gate'] as Stage[]) {
        const expected = (snapshot.queues[stage] ?? []).map((e) => e.trip.id);
        expect(model.order(stage), `step ${step} ${stage}`).toEqual(expected);
        expect(client.get(stage) ?? [], `step ${step} ${stage}`).toEqual(expected);
      }
    }
  });
});
