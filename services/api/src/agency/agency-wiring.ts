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
import { startOutboxRelay, type StreamSemantics } from '@borderflow/persist';
import type { ApiContext } from '../context.ts';
import { startFanout, type Fanout } from '../live/fanout.ts';
import { applyDecisionEnvelopes } from './receive-decisions.ts';
import { MOVEMENT_NOTICE_TOPIC, sendMovementNotice } from './notify-agencies.ts';

export const CUSTOMS_GROUP = 'customs';
/**
 * From `0`: a relay that starts (or restarts after a rebuild) must not skip events still in the stream.
 * A gate event not accepted for the agencies (Redis or the database away) is retried with backoff for
 * a few minutes, then set aside in the dead-letter stream instead of blocking every later event.
 */
export const CUSTOMS_SEMANTICS: StreamSemantics = { startAt: '0', maxAttempts: 50 };

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
  /**
   * `relays: false` (an API process): the adapters only, for the notices it queues and the
   * decisions it receives; the gate-event relay, the outbox relay and the pollers run in workers.
   */
  { relays: withRelays = true }: { relays?: boolean } = {},
): AgencyWiring | null {
  const config = input ? parseAdaptersConfig(input) : loadAdaptersConfig(process.env, { warn: (m) => logger.warn(m) });
  if (!config.adapters.some((a) => a.enabled)) return null;
  const agencies = startAgencyAdapters({ redis: ctx.redis, prefix, config, logger });
  ctx.agencies = agencies;
  const contextOf = tripContextLoader(ctx.db);

  const relay = (event: GateEvent) => relayGateEvent({ agencies, contextOf }, event).then(() => undefined);

  const relays: Fanout[] = (withRelays ? [...ctx.schedulers.values()] : []).map((s) =>
    startFanout({ redis: ctx.redis, streamKey: s.eventsStream(), group: CUSTOMS_GROUP, semantics: CUSTOMS_SEMANTICS, consumer, logger, emit: relay }),
  );
  // Movement notices written in the database outbox with the change they report, into the adapters' delivery.
  const outboxRelay = withRelays
    ? startOutboxRelay({
      prisma: ctx.db,
      senders: { [MOVEMENT_NOTICE_TOPIC]: (message, tx) => sendMovementNotice(ctx, message, tx) },
      onError: (err, context) => logger.warn({ err }, context),
    })
    : null;
  const pollers = startDecisionPollers(agencies, ctx.redis, logger, async (runtime, envelopes) => {
    await applyDecisionEnvelopes(ctx, runtime, envelopes);
  }, { autoStart: withRelays });
  ctx.agencyPollers = pollers;
  return {
    pollers,
    async stop() {
      await pollers.stop();
      await outboxRelay?.stop();
      await Promise.all(relays.map((r) => r.stop()));
      await agencies.close();
    },
  };
}
