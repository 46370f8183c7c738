/**
 * Movement notices: when a driver registers, corrects or cancels a trip, every
 * adapter of the gate that takes notices gets one (purpose original, replace
 * or cancel; revision = corrections so far). The route awaits this, so the
 * notice is durable in the adapters' outboxes before the driver gets the
 * answer. Hooked into the trip routes rather than an event stream because a
 * registered trip is not in the scheduler yet (it has no events before check-in).
 */
import { movementNoticeFromTrip, ZTaxCodeSchema, type NoticeParty, type NoticePurpose, type Trip } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';

async function partiesOf(ctx: ApiContext, trip: Trip): Promise<NoticeParty[]> {
  const row = await ctx.db.trip.findUnique({
    where: { id: trip.id },
    select: { company: { select: { name: true, taxCode: true } } },
  });
  const company = row?.company;
  if (!company || !ZTaxCodeSchema.safeParse(company.taxCode).success) return [];
  const role = trip.direction === 'exit' ? 'exporter' : 'importer';
  return [{ role, country: 'VN', name: company.name, taxId: company.taxCode }];
}

/**
 * @example
 * await notifyAgencies(ctx, trip);            // after registration
 * await notifyAgencies(ctx, trip, 'cancel');  // after cancellation
 */
export async function notifyAgencies(ctx: ApiContext, trip: Trip, purpose?: NoticePurpose): Promise<void> {
  const agencies = ctx.agencies;
  if (!agencies || agencies.forGate(trip.gateCode, 'movement_notice').length === 0) return;
  try {
    const notice = movementNoticeFromTrip(trip, {
      customsOffice: agencies.customsOfficeOf(trip.gateCode),
      parties: await partiesOf(ctx, trip),
      ...(purpose ? { purpose } : {}),
    });
    await agencies.sendNotice(trip.gateCode, notice);
  } catch (err) {
    // The trip is stored whatever happens here; the driver's request must not fail after the fact.
    ctx.logger.error({ err, tripId: trip.id }, 'movement notice not accepted for the agencies');
  }
}
