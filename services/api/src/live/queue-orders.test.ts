/**
 * The fan-out's queue orders from a model seeded in the middle of a gate's life: the event it was
 * read at carries whole orders, later ones only moves, and a policy change (or a rebuild, which
 * starts with one) makes it read the queues afresh. A client that applies them as the console does
 * holds the snapshot's order throughout.
 */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { applyQueueOrder, DEFAULT_POLICY, type GateEvent, type QueueOrder, type Stage } from '@borderflow/contracts';
import { accepted } from '@borderflow/scheduler/testing';
import { useKimThanhScheduler } from '@borderflow/scheduler/testing-hooks';
import { attachQueueOrders } from './queue-orders.ts';

const T0 = Date.UTC(2026, 11, 6, 1, 0, 0);

describe('attachQueueOrders', () => {
  const { s } = useKimThanhScheduler(T0);

  it('seeds whole orders once, then moves, and reads afresh after a policy change', async () => {
    for (const lane of (await s.snapshot(T0)).lanes) accepted(await s.setLaneStatus({ laneId: lane.id, status: 'paused', reason: 'test', actor: 'test', now: T0 }));
    let n = 0;
    const checkIn = async (priorityClass: 'ordinary' | 'perishable' | 'trusted') =>
      accepted(await s.checkIn({ tripId: `o${++n}`, plate: `24C${10000 + n}`, direction: 'exit', priorityClass, stages: ['documents'], actor: 'test', now: T0 + n * 1000 }));
    for (const cls of ['ordinary', 'ordinary', 'perishable'] as const) await checkIn(cls);

    const snapshotOrder = async () => ((await s.snapshot(T0 + 60_000)).queues.documents ?? []).map((e) => e.trip.id);
    let board = await snapshotOrder();
    let last = (await s.readEvents('0')).at(-1)!.streamId!;
    const orders = attachQueueOrders(() => s, pino({ level: 'silent' }));
    const sent: QueueOrder[][] = [];
    const feed = async () => {
      for (const event of await s.readEvents(last)) {
        last = event.streamId!;
        const queues = (await orders.onEvent(event as GateEvent)) ?? [];
        sent.push(queues);
        const documents = queues.find((o) => o.stage === ('documents' as Stage));
        const trip = event.trip;
        if (trip) board = board.filter((id) => id !== trip.id);
        if (!documents) continue;
        const next = applyQueueOrder(board, (id) => id, documents, trip?.state === 'queued' ? [trip.id] : []);
        expect(next, `seq ${event.seq}`).not.toBeNull();
        board = next!;
      }
      expect(board).toEqual(await snapshotOrder());
    };

    await checkIn('trusted'); // the model is read at this event: whole orders
    await feed();
    expect(sent.at(-1)!.find((o) => o.stage === 'documents')!.moves).toHaveLength(4);
    await checkIn('ordinary'); // then only what moved
    await feed();
    expect(sent.at(-1)!.find((o) => o.stage === 'documents')!.moves).toEqual([{ id: 'o5', index: 4 }]);

    // A new interleave reorders the queue: moves for it, then the model is read afresh.
    accepted(await s.setPolicy({ ...DEFAULT_POLICY, interleave: ['ordinary', 'trusted', 'perishable'] }, { actor: 'test', now: T0 + 10_000 }));
    await feed();
    expect(board.slice(0, 2)).toEqual(['o1', 'o4']);
    await checkIn('perishable');
    await feed();
    expect(sent.at(-1)!.find((o) => o.stage === 'documents')!.moves).toHaveLength(6);
  });
});
