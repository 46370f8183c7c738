/**
 * Scheduler events → gate events for the agencies. The platform reads each
 * gate's event stream with the consumer group `customs` (the same reader as
 * the Socket.IO fan-out, services/api live/fanout.ts) and hands every event
 * here; events with a customs counterpart (gate in, lane assigned, inspection
 * started/done, turned back, gate out) are mapped by the contract's
 * `toGateEventMessage` and accepted into each interested adapter's outbox.
 * The message id derives from `<gate>:<seq>`, so an event read twice (at-least-once
 * stream delivery) is accepted once.
 */
import { gateEventMessageType, toGateEventMessage, type GateEvent, type GateEventContext } from '@borderflow/contracts';
import type { PrismaClient } from '@borderflow/db';
import type { AgencyAdapters } from '../agency-adapters.ts';

export interface GateEventRelayOptions {
  agencies: AgencyAdapters;
  /** The trip's declarations and trailer (not in the stream event). */
  contextOf: (tripId: string) => Promise<GateEventContext | null>;
}

/**
 * Returns how many adapter messages the event became.
 *
 * @example
 * startFanout({ redis, streamKey, group: 'customs', logger,
 *   emit: (event) => relayGateEvent({ agencies, contextOf: tripContextLoader(prisma) }, event) });
 */
export async function relayGateEvent(options: GateEventRelayOptions, event: GateEvent): Promise<number> {
  const { agencies } = options;
  if (!event.trip || gateEventMessageType(event) === null) return 0;
  if (agencies.forGate(event.gate, 'gate_event').length === 0) return 0;
  const context = (await options.contextOf(event.trip.id)) ?? { declarationKeys: [], trailerPlate: null };
  const message = toGateEventMessage(event, context);
  if (!message) return 0;
  const sent = await agencies.sendGateEvent(event.gate, message);
  return sent.length;
}

/**
 * Reads a trip's declaration keys and trailer plate from the database, with a
 * small cache (a trip's events come in bursts; these fields no longer change
 * once the truck is at the gate).
 *
 * @example
 * const contextOf = tripContextLoader(db.prisma);
 * await contextOf(tripId); // { declarationKeys: ['30512345678'], trailerPlate: '24R01234' }
 */
export function tripContextLoader(prisma: PrismaClient, cacheSize = 500): (tripId: string) => Promise<GateEventContext | null> {
  const cache = new Map<string, GateEventContext>();
  return async (tripId) => {
    const hit = cache.get(tripId);
    if (hit) return hit;
    const row = await prisma.trip.findUnique({
      where: { id: tripId },
      select: { trailer: { select: { plate: true } }, declarations: { select: { key: true }, orderBy: { key: 'asc' } } },
    });
    if (!row) return null;
    const context = { declarationKeys: [...new Set(row.declarations.map((d) => d.key))], trailerPlate: row.trailer?.plate ?? null };
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    cache.set(tripId, context);
    return context;
  };
}
