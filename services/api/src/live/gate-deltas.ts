/**
 * What the fan-out does with each gate event it reads (platform.ts): the server's queue orders
 * (queue-orders.ts) for every event, the ETAs that moved (queue-etas.ts) with the newest one, and
 * the consecutive events of one read sent together (emitDeltas): a burst of events costs one
 * write per `batch: true` socket, not one per event. The LED board and the position push follow.
 *
 * Events read behind others wait in this process only until the newest of the read is handled,
 * which happens before the read is acknowledged (the stream consumer acknowledges a read after all
 * of its entries), so at-least-once holds: a crash before that re-delivers the whole burst.
 */
import type { GateEvent } from '@borderflow/contracts';
import type { GateScheduler } from '@borderflow/scheduler';
import type { Logger } from 'pino';
import { emitDeltas, type GateDelta, type LiveNamespace } from './live-gateway.ts';
import { attachQueueOrders } from './queue-orders.ts';
import { attachQueueEtas } from './queue-etas.ts';

/** A burst whose newest event never came (its entry was trimmed, or failed) goes out after this (well above a slow projection). */
const STRANDED_FLUSH_MS = 500;

export interface GateDeltas {
  /** Handles one event, in stream order; `behind`: events of the same read after it. */
  onEvent(event: GateEvent, behind: number): Promise<void>;
}

/** Who else follows each event (the LED board, the position push). */
export interface EventFollower {
  onEvent(event: GateEvent): void;
}

/**
 * `lag` (optional) observes each delta's seconds from its event to its emit.
 * @example
 * const deltas = attachGateDeltas(nsp, (gate) => schedulers.get(gate), logger, [board, positions], metrics.liveDeltaLag);
 * startFanout({ ..., emit: (event, behind) => deltas.onEvent(event, behind) });
 */
export function attachGateDeltas(
  nsp: LiveNamespace, schedulerOf: (gate: string) => GateScheduler | undefined, logger: Logger, followers: readonly EventFollower[],
  lag?: { observe(seconds: number): void },
): GateDeltas {
  const queueOrders = attachQueueOrders(schedulerOf, logger.child({ component: 'queue-orders' }));
  const queueEtas = attachQueueEtas(schedulerOf, logger.child({ component: 'queue-etas' }));
  /** gate → the events read but not sent yet, and the timer that sends them if the read's newest never comes. */
  const bursts = new Map<string, { deltas: GateDelta[]; timer: NodeJS.Timeout }>();

  const flush = (gate: string, last?: GateDelta) => {
    const burst = bursts.get(gate);
    bursts.delete(gate);
    if (burst) clearTimeout(burst.timer);
    const deltas = burst ? burst.deltas : [];
    if (last) deltas.push(last);
    // Taken before the emit: it now writes this process's sockets in the same turn (local-first-adapter.ts),
    // and the metric stays the server's part up to the emit, as before.
    const now = Date.now();
    emitDeltas(nsp, deltas);
    if (lag) for (const { event } of deltas) lag.observe(Math.max(0, now - event.at) / 1000);
  };

  return {
    async onEvent(event, behind) {
      const orders = await queueOrders.onEvent(event);
      if (behind > 0) {
        let burst = bursts.get(event.gate);
        if (!burst) {
          const timer = setTimeout(() => flush(event.gate), STRANDED_FLUSH_MS);
          timer.unref();
          bursts.set(event.gate, (burst = { deltas: [], timer }));
        }
        burst.deltas.push({ event, queues: orders });
      } else {
        const etas = await queueEtas.onEvent(event, queueOrders.waitingAt(event.gate, event.seq), behind);
        flush(event.gate, { event, queues: orders, etas });
      }
      for (const follower of followers) follower.onEvent(event);
    },
  };
}
