/**
 * QueueOrderModel keeps each queue's walk and, after an event, replays the rule only from where the
 * event's change first shows (issue 15: a check-in's fan-out cost grew with the yard). Two checks:
 * the orders it gives are exactly a fresh projection's (random check-ins, calls with their
 * interleave slot, no-shows, removals, aging crossings and a policy change), and a check-in at the
 * back of a long yard costs no more pickNext work than one at the back of a short yard.
 */
import { describe, expect, it } from 'vitest';
import { applyQueueOrder, DEFAULT_POLICY, orderDigest, PRIORITY_CLASSES, STAGES, type GateEvent, type PriorityClass, type Stage } from '@borderflow/contracts';
import { QueueOrderModel, queueKeyOf, type QueueState } from './queue-order-model.ts';
import type { WaitingTruck } from './pick-next.ts';

const T0 = Date.UTC(2026, 11, 7, 1, 0, 0);
const MIN = 60_000;
const RULE = { interleave: [...DEFAULT_POLICY.interleave], agingMs: 30 * MIN };

function emptyState(): QueueState {
  const queues = new Map<string, Partial<Record<PriorityClass, WaitingTruck[]>>>();
  const pointers = new Map<string, number>();
  for (const direction of ['exit', 'entry'] as const) {
    for (const stage of STAGES) {
      queues.set(queueKeyOf(direction, stage), {});
      pointers.set(queueKeyOf(direction, stage), 0);
    }
  }
  return { seq: 0, streamId: '0', at: T0, rule: RULE, queues, pointers };
}

let seq = 0;
function event(type: GateEvent['type'], at: number, trip: Partial<NonNullable<GateEvent['trip']>> | null, extra: Record<string, unknown> = {}): GateEvent {
  seq += 1;
  return {
    seq, type, at, gate: 'KT', streamId: `${at}-${seq}`,
    trip: trip && { state: 'queued', stages: [], stageIndex: 0, laneId: null, noShows: 0, deadline: null, plate: 'x', hold: false, ...trip },
    detail: {}, reason: null, ...extra,
  } as unknown as GateEvent;
}

/** The order a model seeded afresh (one whole projection) gives for the same queues. */
function freshOrder(model: QueueOrderModel, stage: Stage, now: number): string[] {
  return model.project(stage, now);
}

describe('QueueOrderModel follows a queue from where an event changed it', () => {
  it.each([7, 1234, 99_991])('gives exactly the fresh projection after every event (calls, removals, aging, policy; seed %i)', (seed) => {
    seq = 0;
    const model = new QueueOrderModel(emptyState());
    let rnd = seed;
    const int = (n: number) => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31), rnd % n);
    const waiting = new Map<string, { stage: Stage; direction: 'exit' | 'entry'; priorityClass: PriorityClass; score: number }>();
    let now = T0;
    let resumed = 0;
    for (let step = 0; step < 3000; step++) {
      // Minutes apart against a 30 min aging: trucks come of age between events all along.
      now += int(3) * MIN + int(1000);
      const roll = int(20);
      const ids = [...waiting.keys()];
      let e: GateEvent;
      if (roll < 11 || ids.length < 5) {
        const t = { id: `t${step}`, stage: (int(3) ? 'documents' : 'gate') as Stage, direction: (int(4) ? 'exit' : 'entry') as 'exit' | 'entry',
          priorityClass: PRIORITY_CLASSES[int(PRIORITY_CLASSES.length)]!, score: int(4) ? now : now - int(40) * MIN };
        waiting.set(t.id, t);
        e = event(int(2) ? 'trip_queued' : 'trip_arrived', now, t);
      } else if (roll < 15) {
        // A call-up: usually the head of a class, with the interleave slot that chose it.
        const id = ids[int(Math.min(ids.length, 4))]!;
        const t = waiting.get(id)!;
        waiting.delete(id);
        e = event('trip_called', now, { ...t, state: 'called', stage: t.stage }, { detail: { stage: t.stage }, reason: { slot: int(RULE.interleave.length) } });
      } else if (roll < 17) {
        const id = ids[int(ids.length)]!;
        const t = waiting.get(id)!;
        waiting.delete(id);
        e = event('trip_cancelled', now, { ...t, state: 'cancelled', stage: null }, { detail: { from: 'queued' } });
      } else if (roll < 19) {
        // Requeued with a penalty, or on to its next stage: out of one place, into another.
        const id = ids[int(ids.length)]!;
        const t = { ...waiting.get(id)!, stage: (int(2) ? 'documents' : 'gate') as Stage, score: now + int(10) * MIN };
        waiting.set(id, t);
        e = event('trip_requeued', now, t, { detail: { reason: 'no-show' } });
      } else {
        const interleave = int(2) ? 'perishable,ordinary,ordinary' : RULE.interleave.join(',');
        e = event('policy_set', now, null, { detail: { interleave, agingMs: (20 + int(20)) * MIN } });
      }
      const picksBefore = model.picks;
      const given = new Map((['documents', 'gate'] as Stage[]).map((stage) => [stage, [...model.order(stage)]]));
      const orders = model.apply(e) ?? [];
      for (const stage of ['documents', 'gate'] as Stage[]) {
        // A stage the event changed gets the order at the event's time; the others keep the order given.
        const order = orders.find((o) => o.stage === stage);
        const expected = order ? freshOrder(model, stage, now) : given.get(stage)!;
        expect(model.order(stage), `step ${step} ${e.type} ${stage}`).toEqual(expected);
        if (!order) continue;
        // A client holding the order given, less the event's truck, rebuilds it from the delta.
        const trip = e.trip;
        const held = given.get(stage)!.filter((id) => id !== trip?.id);
        const placing = trip?.state === 'queued' && trip.stage === stage ? [trip.id] : [];
        expect(order.digest).toBe(orderDigest(expected));
        expect(applyQueueOrder(held, (id) => id, order, placing), `step ${step} ${e.type} ${stage} client`).toEqual(expected);
      }
      const total = [...waiting.values()].filter((t) => t.stage === 'documents' || t.stage === 'gate').length;
      if (model.picks - picksBefore < total / 2) resumed++;
    }
    // The resumption is what ran most of the time, not the fresh walk.
    expect(resumed).toBeGreaterThan(1000);
  });

  it('a check-in at the back reads the same few trucks at 200 and at 2,000 waiting trucks', () => {
    // Every read of a truck in the model's class lists, counted (the lists are the model's own).
    let reads = 0;
    const counted = (): WaitingTruck[] => new Proxy<WaitingTruck[]>([], {
      get(list, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(list, key, receiver);
      },
    });
    const readsPerCheckIn = (yard: number) => {
      seq = 0;
      const state = emptyState();
      state.queues.set(queueKeyOf('exit', 'documents'), Object.fromEntries(PRIORITY_CLASSES.map((c) => [c, counted()])));
      const model = new QueueOrderModel(state);
      // A yard like the api bench's: mostly ordinary, some perishable and trusted, a few empty returns.
      const mix: PriorityClass[] = ['ordinary', 'ordinary', 'perishable', 'ordinary', 'trusted', 'ordinary', 'empty_return', 'ordinary'];
      for (let i = 0; i < yard; i++) {
        model.apply(event('trip_queued', T0 + i, { id: `y${i}`, stage: 'documents', direction: 'exit', priorityClass: mix[i % mix.length]!, score: T0 + i }));
      }
      reads = 0;
      for (let i = 0; i < 20; i++) {
        const orders = model.apply(event('trip_queued', T0 + yard + i, { id: `n${i}`, stage: 'documents', direction: 'exit', priorityClass: mix[i % mix.length]!, score: T0 + yard + i }));
        expect(orders?.[0]?.length).toBe(yard + i + 1);
      }
      return reads / 20;
    };
    const small = readsPerCheckIn(200);
    const large = readsPerCheckIn(2_000);
    // Before: every event replayed pickNext over the whole stage (≈ 1,900 and ≈ 19,000 reads).
    expect(large).toBeLessThan(small * 1.5 + 20);
    expect(large).toBeLessThan(200);
  });
});
