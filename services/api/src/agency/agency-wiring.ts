/**
 * The platform's side of the agency adapters: the adapters themselves (from
 * configuration), each gate's scheduler events read with the consumer group
 * `customs` (the live fan-out's reader, with its own group) and relayed as gate
 * events, and the VNACCS decision pollers, whose decisions take the same path
 * as callbacks. The platform loads this module only when adapters are
 * configured, so a process without any does not load BullMQ and the codecs.
 */
import type { Logger } from 'pino';
import type { GateEvent } from '@borderflow/contracts';
import {
  loadAdaptersConfig,
  parseAdaptersConfig,
  relayGateEvent,
  startAgencyAdapters,
  startDecisionPollers,
  tripContextLoader,
  type AgencyAdaptersConfigInput,
  type DecisionPollers,
} from '@borderflow/customs';
import type { ApiContext } from '../context.ts';
import { startFanout, type Fanout } from '../live/fanout.ts';
import { applyDecisionEnvelopes } from './receive-decisions.ts';

export const CUSTOMS_GROUP = 'customs';

export interface AgencyWiring {
  pollers: DecisionPollers;
  stop(): Promise<void>;
}

/**
 * Starts the adapters of `config` (default: AGENCY_ADAPTERS / AGENCY_ADAPTERS_FILE) and wires them;
 * sets `ctx.agencies` and `ctx.agencyPollers`. Null when no adapter is enabled.
 *
 * @example
 * const wiring = startAgencyWiring(ctx, options.agencies, fanoutConsumerName(), logger, prefix);
 * await wiring?.stop();
 */
export function startAgencyWiring(
  ctx: ApiContext,
  input: AgencyAdaptersConfigInput | undefined,
  consumer: string,
  logger: Logger,
  prefix: string,
): AgencyWiring | null {
  const config = input ? parseAdaptersConfig(input) : loadAdaptersConfig(process.env, { warn: (m) => logger.warn(m) });
  if (!config.adapters.some((a) => a.enabled)) return null;
  const agencies = startAgencyAdapters({ redis: ctx.redis, prefix, config, logger });
  ctx.agencies = agencies;
  const contextOf = tripContextLoader(ctx.db);
  let stopped = false;

  // The fan-out reader acknowledges an entry even when its handler throws (a broken entry must not
  // block the stream): so a failure to accept (Redis or the database briefly away) is retried here.
  async function relay(event: GateEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await relayGateEvent({ agencies, contextOf }, event);
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
  ctx.agencyPollers = pollers;
  return {
    pollers,
    async stop() {
      stopped = true;
      await pollers.stop();
      await Promise.all(relays.map((r) => r.stop()));
      await agencies.close();
    },
  };
}
