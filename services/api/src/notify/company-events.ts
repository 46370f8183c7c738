/**
 * A company's own trucks' events, for its webhooks: a booking made or cancelled (written in the
 * booking's own transaction), a call-up, an agency hold and its release (from the gate's event
 * stream). Each is written to the transactional outbox only when the company has an endpoint for
 * it; the outbox relay then turns it into one signed delivery per endpoint of that company, and
 * of no other: the endpoints are looked up by the trip's company, never by anything the event says.
 */
import type { Prisma, PrismaClient } from '@borderflow/db';
import type { GateEvent, GateEventType, WebhookEvent, WebhookMessage, WebhookMessageType } from '@borderflow/contracts';
import { enqueueOutbox, type OutboxSender } from '@borderflow/persist';
import { deliveryIdOf, type WebhookDeliveries } from './webhook-delivery.ts';

export const COMPANY_WEBHOOK_TOPIC = 'company_webhook';

/** Gate events a carrier can subscribe to, by the name its endpoint uses. */
const WEBHOOK_EVENT_OF: Partial<Record<GateEventType, WebhookEvent>> = {
  trip_called: 'call-up',
  hold_placed: 'hold',
  hold_released: 'release',
};

/** What the outbox keeps until the relay hands it on. */
interface CompanyEventPayload {
  companyId: string;
  event: WebhookMessageType;
  /** A test ping goes to this one endpoint (of the company) only; events go to every subscribed one. */
  endpointId: string | null;
  occurredAt: string;
  data: WebhookMessage['data'];
  [key: string]: Prisma.InputJsonValue | null;
}

type Tx = Pick<Prisma.TransactionClient, '$executeRaw' | 'webhookEndpoint' | 'trip'>;

export interface CompanyEventInput {
  tripId: string;
  event: WebhookEvent;
  occurredAt: Date;
  gate: string;
  laneId?: string | null;
  reason?: string | null;
  slotStart?: Date | null;
}

/**
 * Writes the event of one trip for its company's webhooks, in the caller's transaction (nothing
 * when the trip has no company or the company no endpoint for this event).
 *
 * @example
 * await db.$transaction(async (tx) => {
 *   const booking = await tx.slotBooking.create({ data });
 *   await writeCompanyEvent(tx, { tripId, event: 'booking', occurredAt: new Date(), gate: 'KT', reason: 'booked', slotStart });
 * });
 */
export async function writeCompanyEvent(tx: Tx, input: CompanyEventInput): Promise<void> {
  const trip = await tx.trip.findUnique({ where: { id: input.tripId }, select: { companyId: true, vehicle: { select: { plateDisplay: true } } } });
  if (!trip?.companyId) return;
  const wanted = await tx.webhookEndpoint.count({ where: { companyId: trip.companyId, revokedAt: null, events: { has: input.event } } });
  if (wanted === 0) return;
  await enqueueOutbox(tx, { topic: COMPANY_WEBHOOK_TOPIC, key: input.tripId, payload: companyEventPayload(input, trip.companyId, trip.vehicle?.plateDisplay ?? null) });
}

/**
 * The outbox payload of one trip's event for its company (the trip's company and plate as read
 * from the database). Apart so that a writer that already holds them (a booking's activation, one
 * statement) writes the same message.
 *
 * @example companyEventPayload({ tripId, event: 'booking', occurredAt, gate: 'KT', reason: 'booked', slotStart }, companyId, '24C-123.45')
 */
export function companyEventPayload(input: CompanyEventInput, companyId: string, plate: string | null): CompanyEventPayload {
  return {
    companyId,
    event: input.event,
    endpointId: null,
    occurredAt: input.occurredAt.toISOString(),
    data: {
      tripId: input.tripId,
      gate: input.gate,
      plate,
      laneId: input.laneId ?? null,
      reason: input.reason ?? null,
      slotStart: input.slotStart?.toISOString() ?? null,
    },
  };
}

/**
 * The webhook event a gate event is, if any, for the notify consumer of the gate's stream.
 *
 * @example
 * await companyEventFromGate(db, event); // a trip_called of a company with a call-up endpoint → one outbox row
 */
export async function companyEventFromGate(db: PrismaClient, event: GateEvent): Promise<void> {
  const kind = WEBHOOK_EVENT_OF[event.type];
  if (!kind || !event.trip) return;
  const reason = event.type === 'hold_placed' || event.type === 'hold_released' ? event.detail.reason : null;
  await db.$transaction((tx) =>
    writeCompanyEvent(tx, {
      tripId: event.trip!.id,
      event: kind,
      occurredAt: new Date(event.at),
      gate: event.gate,
      laneId: event.type === 'trip_called' ? event.trip!.laneId : null,
      reason,
    }),
  );
}

/**
 * A signed `ping` to one endpoint of the company, through the same outbox, queue, signature and
 * delivery log as real events (so it proves the whole path). The log row is written at once as
 * `pending`, so the administrator sees it before the first attempt. Returns the message id.
 *
 * @example
 * const deliveryId = await sendTestPing(db, { companyId, endpointId }); // also the webhook-id header
 */
export async function sendTestPing(db: PrismaClient, target: { companyId: string; endpointId: string }): Promise<string> {
  return db.$transaction(async (tx) => {
    const occurredAt = new Date().toISOString();
    const payload: CompanyEventPayload = {
      ...target,
      event: 'ping',
      occurredAt,
      data: { tripId: 'ping', gate: '', plate: null, laneId: null, reason: 'test delivery', slotStart: null },
    };
    const messageId = await enqueueOutbox(tx, { topic: COMPANY_WEBHOOK_TOPIC, key: target.endpointId, payload });
    const deliveryId = deliveryIdOf(messageId, target.endpointId);
    const body: WebhookMessage = { id: deliveryId, type: 'ping', occurredAt, data: payload.data };
    await tx.webhookDelivery.create({
      data: { id: deliveryId, endpointId: target.endpointId, companyId: target.companyId, event: 'ping', payload: body, attempts: 0, status: 'pending', lastStatus: null, lastError: null },
    });
    return deliveryId;
  });
}

/**
 * The outbox relay's sender of company events: one delivery job per live endpoint of the event's
 * company that subscribed to it. Reads through the relay's transaction (see OutboxSender).
 */
export function companyWebhookSender(deliveries: WebhookDeliveries): OutboxSender {
  return async (message, tx) => {
    const p = message.payload as CompanyEventPayload;
    // A ping names its endpoint; still only one of the event's company, and only while it is live.
    const which = p.endpointId ? { id: p.endpointId } : { events: { has: p.event } };
    const endpoints = await tx.webhookEndpoint.findMany({ where: { companyId: p.companyId, revokedAt: null, ...which }, select: { id: true } });
    for (const endpoint of endpoints) {
      const deliveryId = deliveryIdOf(message.id, endpoint.id);
      const body: WebhookMessage = { id: deliveryId, type: p.event, occurredAt: p.occurredAt, data: p.data };
      await deliveries.enqueue({ deliveryId, endpointId: endpoint.id, companyId: p.companyId, event: p.event, body: JSON.stringify(body) });
    }
  };
}
