/**
 * The driver hears of their call-up, hold and release by SMS (to the phone of the driver named on
 * the trip) and by Web Push (to every browser subscribed by the account that registered the trip,
 * or by the named driver's own account), in the driver's language: the language of their
 * latest push subscription (the console's), else Chinese for a Chinese truck and Vietnamese for
 * the others. Written to the outbox from the gate's stream like the carriers' webhooks.
 */
import type { Prisma, PrismaClient } from '@borderflow/db';
import type { GateEvent } from '@borderflow/contracts';
import { enqueueOutbox, type OutboxSender } from '@borderflow/persist';
import type { Logger } from 'pino';
import type { NoticeLocale, SmsProvider } from './sms-provider.ts';
import { noticeText, type DriverNoticeKind } from './notice-texts.ts';
import { sendPush, type VapidKeys } from './web-push-sender.ts';

export const DRIVER_NOTICE_TOPIC = 'driver_notice';

const KIND_OF: Partial<Record<GateEvent['type'], DriverNoticeKind>> = { trip_called: 'call-up', hold_placed: 'hold', hold_released: 'release' };

interface DriverNoticePayload {
  tripId: string;
  kind: DriverNoticeKind;
  laneId: string | null;
  reason: string | null;
  [key: string]: Prisma.InputJsonValue | null;
}

/**
 * @example
 * await driverNoticeFromGate(db, event); // a trip_called → one outbox row for its driver
 */
export async function driverNoticeFromGate(db: PrismaClient, event: GateEvent): Promise<void> {
  const kind = KIND_OF[event.type];
  if (!kind || !event.trip) return;
  const reason = event.type === 'hold_placed' || event.type === 'hold_released' ? event.detail.reason : null;
  const payload: DriverNoticePayload = { tripId: event.trip.id, kind, laneId: event.type === 'trip_called' ? event.trip.laneId : null, reason };
  await db.$transaction((tx) => enqueueOutbox(tx, { topic: DRIVER_NOTICE_TOPIC, key: event.trip!.id, payload }));
}

export interface DriverNoticeChannels {
  sms: SmsProvider;
  vapid: VapidKeys;
  logger: Logger;
}

/**
 * The outbox relay's sender of driver notices. An SMS the provider refuses is retried (the whole
 * notice: at least once); a push that fails is logged, and a subscription the browser dropped is
 * deleted.
 */
export function driverNoticeSender(channels: DriverNoticeChannels): OutboxSender {
  return async (message, tx) => {
    const p = message.payload as DriverNoticePayload;
    const trip = await tx.trip.findUnique({
      where: { id: p.tripId },
      select: { createdById: true, vehicle: { select: { plateDisplay: true, country: true } }, driver: { select: { phone: true, userId: true } } },
    });
    if (!trip) return;
    // The phone of the account that follows the trip (its registrant) and of the named driver's own account.
    const userIds = [...new Set([trip.createdById, trip.driver.userId].filter((id): id is string => id !== null))];
    const subscriptions = await tx.pushSubscription.findMany({ where: { userId: { in: userIds } }, orderBy: { createdAt: 'desc' } });
    const locale: NoticeLocale = (subscriptions[0]?.locale as NoticeLocale | undefined) ?? (trip.vehicle.country === 'CN' ? 'zh' : 'vi');
    const lane = p.laneId ? ((await tx.lane.findUnique({ where: { code: p.laneId }, select: { name: true } }))?.name ?? p.laneId) : '';
    const text = noticeText(p.kind, locale, { plate: trip.vehicle.plateDisplay, lane, reason: p.reason ?? '' });
    if (trip.driver.phone) await channels.sms.send({ to: trip.driver.phone, text: text.body, locale });
    for (const s of subscriptions) {
      const outcome = await sendPush(channels.vapid, s, { ...text, url: `/driver/trips/${p.tripId}` });
      if (outcome === 'gone') await tx.pushSubscription.delete({ where: { id: s.id } });
      if (outcome === 'failed') channels.logger.warn({ tripId: p.tripId }, 'web push not accepted by the push service');
    }
  };
}
