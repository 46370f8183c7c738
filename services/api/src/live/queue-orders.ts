/**
 * The server's queue order for each live delta (issues 11 and 15): one QueueOrderModel per gate,
 * advanced by the events this process fans out. With several API processes each gets only some of
 * a gate's events, so before an event the model first reads the ones it did not get from the
 * stream (usually none or a few). It is seeded from one atomic read of the queues: the event it
 * was read at goes out with the whole orders (once); an event older than that seed (in flight while
 * this process started) goes out without an order, and a client that needed one resyncs once. A board whose order does not match (length, digest) resyncs too.
 */
import type { GateEvent, QueueOrder } from '@borderflow/contracts';
import { QueueOrderModel, type GateScheduler } from '@borderflow/scheduler';
import type { Logger } from 'pino';

/**
 * After these the model is read afresh at the next other event: a rebuild from the database starts
 * with them and then restores the queues without events (and admins change policy or lanes rarely).
 */
const RESEED_AFTER = new Set<GateEvent['type']>(['policy_set', 'lane_configured']);

/** More events missed than this: seed afresh rather than read them all. */
const CATCH_UP_LIMIT = 1_000;

export interface QueueOrders {
  /** The orders to send with `event` (undefined: none changed, or not known). Call in stream order. */
  onEvent(event: GateEvent): Promise<QueueOrder[] | undefined>;
  /**
   * Whether a trip waits in a queue right after `seq` (the event just passed to onEvent), as the
   * clients that applied it hold the queues; undefined when the model is not at that seq.
   */
  waitingAt(gate: string, seq: number): ((tripId: string) => boolean) | undefined;
}

/**
 * @example
 * const orders = attachQueueOrders((gate) => schedulers.get(gate), logger);
 * emit: async (event) => emitDelta(nsp, event, await orders.onEvent(event))
 */
export function attachQueueOrders(schedulerOf: (gate: string) => GateScheduler | undefined, logger: Logger): QueueOrders {
  const models = new Map<string, QueueOrderModel>();

  const catchUp = async (scheduler: GateScheduler, model: QueueOrderModel, event: GateEvent): Promise<boolean> => {
    const missed = event.seq - model.seq - 1;
    if (missed <= 0) return true;
    if (missed > CATCH_UP_LIMIT) return false;
    const events = await scheduler.readEvents(model.streamId, missed);
    for (const e of events) {
      if (e.seq >= event.seq) break;
      if (e.seq !== model.seq + 1) return false;
      model.apply(e);
    }
    return model.seq === event.seq - 1;
  };

  return {
    waitingAt(gate, seq) {
      const model = models.get(gate);
      return model && model.seq === seq ? (id) => model.isWaiting(id) : undefined;
    },
    async onEvent(event) {
      const scheduler = schedulerOf(event.gate);
      if (!scheduler) return undefined;
      try {
        let model = models.get(event.gate);
        if (model && !(await catchUp(scheduler, model, event))) model = undefined;
        if (RESEED_AFTER.has(event.type)) {
          models.delete(event.gate);
          const orders = model?.apply(event);
          return orders?.length ? orders : undefined;
        }
        if (!model) {
          model = new QueueOrderModel(await scheduler.reader.queueState());
          models.set(event.gate, model);
          // Read at this very event (the usual case): its whole orders, once. Read later: none.
          if (model.seq === event.seq) return model.wholeOrders();
          if (model.seq !== event.seq - 1) return undefined;
        }
        const orders = model.apply(event);
        return orders?.length ? orders : undefined;
      } catch (err) {
        models.delete(event.gate);
        logger.warn({ err, gate: event.gate, seq: event.seq }, 'queue order for a live delta failed');
        return undefined;
      }
    },
  };
}
