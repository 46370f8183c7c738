/**
 * The server's ETAs for each live delta (issue 15: "Deltas carry the server's positions and
 * ETAs"). After an event that can move the queues, the fan-out reads every waiting truck's ETA
 * from the gate's projection at its seq (TripReadModel.places, shared with the position push and
 * the drivers' reads: one projection per seq) and the
 * delta carries only the trucks whose ETA is new, or moved by a minute or more beyond its own
 * countdown, against what this emitter last sent. The console then never needs a periodic full
 * snapshot to refresh ETAs, and never estimates one itself.
 *
 * The ETAs are projected when the event is fanned out (possibly a few events after it under
 * load): they are estimates of a moving queue, not state, so they are as fresh as the server
 * can make them. The order itself stays exact per event (queue-orders.ts).
 *
 * What was last sent is per process: with the fan-out lease (platform.ts) one process emits a
 * gate's deltas, so it is what every client holds since its snapshot (which is fresher).
 */
import type { GateEvent, QueueEta } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import type { Logger } from 'pino';
import { ETA_NEWS_MS, QUEUE_MOVES } from './position-push.ts';

export interface QueueEtas {
  /**
   * The ETAs that moved with `event` (undefined: none, or the read failed), for the trucks that
   * wait after it (`waiting`: the queue-order model at that seq). Call in stream order.
   *
   * `behind` > 0 (the fan-out already holds newer events of the gate) sends no ETAs: a fan-out
   * behind a busy gate (100 commands/s) catches up instead of projecting every waiting truck per
   * event, and the newest event of each read sends every ETA that moved meanwhile. A backlog, not
   * the event's age, decides: on a slow machine an event read at once is late by the clock, yet
   * it is the present, and its truck must get its ETA with it.
   */
  onEvent(event: GateEvent, waiting: ((tripId: string) => boolean) | undefined, behind?: number): Promise<QueueEta[] | undefined>;
}

/**
 * @example
 * const etas = attachQueueEtas((gate) => schedulers.get(gate), logger);
 * emit: async (event, behind) => emitDelta(nsp, event, await orders.onEvent(event), await etas.onEvent(event, orders.waitingAt(event.gate, event.seq), behind))
 */
export function attachQueueEtas(
  schedulerOf: (gate: string) => GateScheduler | undefined, logger: Logger, clock: () => number = Date.now,
): QueueEtas {
  /** gate → trip → the ETA last sent. */
  const sent = new Map<string, Map<string, QueueEta>>();
  return {
    async onEvent(event, waiting, behind = 0) {
      if (!QUEUE_MOVES.has(event.type) || !waiting || behind > 0) return undefined;
      const scheduler = schedulerOf(event.gate);
      if (!scheduler) return undefined;
      const now = clock();
      try {
        // The trip read model's projection at the gate's seq: the position push after this delta and
        // the drivers' reads use the same one, so each seq is projected once, not once per consumer.
        // The event's seq is where the gate is at least: no round trip to read it.
        const { places } = await scheduler.readModel.places(now, event.seq);
        const before = sent.get(event.gate) ?? new Map<string, QueueEta>();
        const after = new Map<string, QueueEta>();
        const moved: QueueEta[] = [];
        for (const [id, { eta }] of places) {
          // Read at Redis' present, which may be a few events ahead of this delta: a truck the
          // clients do not hold yet gets its ETA with the event that places it.
          if (!waiting(id)) continue;
          const next: QueueEta = { id, expectedAt: now + eta.expectedMs, lowAt: now + eta.lowMs, highAt: now + eta.highMs };
          const last = before.get(id);
          // Within a minute of what the client counts down to: not news, and the client keeps it.
          if (last && Math.abs(last.expectedAt - next.expectedAt) < ETA_NEWS_MS) {
            after.set(id, last);
            continue;
          }
          after.set(id, next);
          moved.push(next);
        }
        sent.set(event.gate, after);
        return moved.length ? moved : undefined;
      } catch (err) {
        // Forget what was sent: the next event sends every ETA afresh rather than a wrong diff.
        sent.delete(event.gate);
        logger.warn({ err, gate: event.gate, seq: event.seq }, 'queue ETAs for a live delta failed');
        return undefined;
      }
    },
  };
}
