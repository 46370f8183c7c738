/**
 * The platform's side of the agency adapters: each gate's scheduler events
 * read with the consumer group `customs` (the live fan-out's reader, with its
 * own group) and relayed as gate events, and the VNACCS decision pollers,
 * whose decisions take the same path as callbacks.
 */
import type { Logger } from 'pino';
import type { GateEvent } from '@borderflow/contracts';
import { relayGateEvent, startDecisionPollers, tripContextLoader, type DecisionPollers } from '@borderflow/customs';
import type { ApiContext } from '../context.ts';
import { startFanout, type Fanout } from '../live/fanout.ts';
import { applyDecisionEnvelopes } from './receive-decisions.ts';

export const CUSTOMS_GROUP = 'customs';

export interface AgencyWiring {
  pollers: DecisionPollers;
  stop(): Promise<void>;
}

/**
 * @example
 * const wiring = startAgencyWiring(ctx, fanoutConsumerName(), logger);
 * await wiring.stop();
 */
export function startAgencyWiring(ctx: ApiContext, consumer: string, logger: Logger): AgencyWiring | null {
  const agencies = ctx.agencies;
  if (!agencies) return null;
  const contextOf = tripContextLoader(ctx.db);
  let stopped = false;

  // The fan-out reader acknowledges an entry even when its handler throws (a broken entry must not
  // block the stream): so a failure to accept (Redis or the database briefly away) is retried here.
  async function relay(event: GateEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await relayGateEvent({ agencies: agencies!, contextOf }, event);
        return;
      } catch (err) {
        if (stopped) throw err;
        if (attempt % 20 === 0) logger.warn({ err, seq: event.seq, gate: event.gate }, 'gate event not accepted for the agencies yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  const relays: Fanout[] = [...ctx.schedulers.values()].map((s) =>
    startFanout({ redis: ctx.redis, streamKey: s.keys.events, group: CUSTOMS_GROUP, consumer, logger, emit: relay }),
  );
  const pollers = startDecisionPollers(agencies, ctx.redis, logger, async (runtime, envelopes) => {
    await applyDecisionEnvelopes(ctx, runtime, envelopes);
  });
  return {
    pollers,
    async stop() {
      stopped = true;
      await pollers.stop();
      await Promise.all(relays.map((r) => r.stop()));
    },
  };
}
