/**
 * Movement notices: when a driver registers, corrects or cancels a trip, every
 * adapter of the gate that takes notices gets one (purpose original, replace
 * or cancel; revision = corrections so far). The notice is written into the
 * database outbox in the transaction of the change (nothing lost if the process
 * dies after the commit) and relayed into the adapters' delivery outboxes.
 * Hooked into the trip routes rather than an event stream because a registered
 * trip is not in the scheduler yet (it has no events before check-in).
 */
import { movementNoticeFromTrip, ZTaxCodeSchema, type NoticeParty, type NoticePurpose, type Trip } from '@borderflow/contracts';
import { enqueueOutbox, type OutboxEntry } from '@borderflow/persist';
import type { ApiContext } from '../context.ts';
import { TRIP_INCLUDE, toTripView } from '../trips/trip-view.ts';

async function partiesOf(db: Pick<ApiContext['db'], 'trip'>, trip: Trip): Promise<NoticeParty[]> {
  const row = await db.trip.findUnique({
    where: { id: trip.id },
    select: { company: { select: { name: true, taxCode: true } } },
  });
  const company = row?.company;
  if (!company || !ZTaxCodeSchema.safeParse(company.taxCode).success) return [];
  const role = trip.direction === 'exit' ? 'exporter' : 'importer';
  return [{ role, country: 'VN', name: company.name, taxId: company.taxCode }];
}

export const MOVEMENT_NOTICE_TOPIC = 'movement_notice';

interface NoticeRequest {
  tripId: string;
  purpose?: NoticePurpose;
}

/**
 * Writes the trip's movement notice into the outbox in the caller's transaction, when the gate has
 * adapters that take notices: the notice exists exactly when the registration, correction or
 * cancellation does, and the relay (`sendMovementNotice`) sends it even if this process dies
 * right after the commit.
 *
 * @example
 * await db.$transaction(async (tx) => { ...; await queueMovementNotice(ctx, tx, 'KT', tripId, 'replace'); });
 */
export async function queueMovementNotice(
  ctx: Pick<ApiContext, 'agencies'>,
  tx: Parameters<typeof enqueueOutbox>[0],
  gateCode: string,
  tripId: string,
  purpose?: NoticePurpose,
): Promise<void> {
  if (!takesNotices(ctx, gateCode)) return;
  const payload: NoticeRequest = { tripId, ...(purpose ? { purpose } : {}) };
  const id = purpose === 'cancel' ? cancelNoticeId(tripId) : undefined;
  await enqueueOutbox(tx, { topic: MOVEMENT_NOTICE_TOPIC, key: tripId, payload: { ...payload }, ...(id ? { id } : {}) });
}

function takesNotices(ctx: Pick<ApiContext, 'agencies'>, gateCode: string): boolean {
  return Boolean(ctx.agencies && ctx.agencies.forGate(gateCode, 'movement_notice').length > 0);
}

/**
 * The outbox relay's sender for movement notices: builds the notice from the trip as it is now
 * and accepts it into the adapters' delivery outboxes under an id derived from the outbox message.
 * Throws when it cannot (the relay retries).
 *
 * @example
 * startOutboxRelay({ prisma, senders: { [MOVEMENT_NOTICE_TOPIC]: (m, tx) => sendMovementNotice(ctx, m, tx) } });
 */
export async function sendMovementNotice(
  ctx: ApiContext,
  message: OutboxEntry,
  /** The relay's transaction (see OutboxSender): the trip is read through it. */
  db: Pick<ApiContext['db'], 'trip'> = ctx.db,
): Promise<void> {
  const agencies = ctx.agencies;
  const { tripId, purpose } = message.payload as NoticeRequest;
  const row = await db.trip.findUnique({ where: { id: tripId }, include: TRIP_INCLUDE });
  if (!agencies || !row) return; // nothing to say about a trip that is not there
  const trip = toTripView(row, null);
  const notice = movementNoticeFromTrip(trip, {
    customsOffice: agencies.customsOfficeOf(trip.gateCode),
    parties: await partiesOf(db, trip),
    ...(purpose ? { purpose } : {}),
  });
  await agencies.sendNotice(trip.gateCode, notice, message.id);
}

/**
 * The outbox id of a trip's cancel notice. A trip is cancelled once, so its notice has one id: a
 * cancel retried after a crash between the scheduler and the database writes the same message
 * again, which the outbox keeps once and receivers count once even if it was already sent.
 */
export const cancelNoticeId = (tripId: string) => `cancel:${tripId}`;
