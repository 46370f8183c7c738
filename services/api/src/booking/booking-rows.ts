/**
 * The two database writes of a new booking, each one statement: its 'pending' row before the
 * ledger's step, and that row turned active together with its carrier event after it (see the top
 * of booking-service.ts for why in that order). One statement each, not an ORM transaction of
 * four (update, trip read, endpoint count, outbox insert): a booking holds no connection between
 * round trips, and a storm's successes cost the database one write each (issue 12).
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@borderflow/db';
import { COMPANY_WEBHOOK_TOPIC, companyEventPayload, type CompanyEventInput } from '../notify/company-events.ts';

/** A new booking's row as the ledger granted it. */
export interface NewBookingRow {
  id: string;
  gateCode: string;
  tripId: string;
  vehicleId: string;
  driverId: string;
  companyId: string | null;
  accountId: string;
  direction: string;
  slotClass: string;
  slotStart: Date;
}

/** Writes the 'pending' row of a booking in flight (a ledger rebuild counts it). */
export async function insertPendingBooking(db: PrismaClient, row: NewBookingRow): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "slot_bookings" ("id", "gate_code", "trip_id", "vehicle_id", "driver_id", "company_id", "account_id", "direction", "slot_class", "slot_start", "state", "updated_at")
    VALUES (${row.id}, ${row.gateCode}, ${row.tripId}, ${row.vehicleId}, ${row.driverId}, ${row.companyId}, ${row.accountId}, ${row.direction}, ${row.slotClass}, ${row.slotStart}, 'pending', now())`;
}

/**
 * Turns a pending booking active (only while still pending: the sweep may have dropped a stale one)
 * and, in the same statement, writes its carrier event to the outbox when the trip's company has an
 * endpoint for it (`event`, null: none): the event exists exactly when the booking does. The event is the one
 * `writeCompanyEvent` writes (same payload; the plate joined in here). False when the row was gone.
 */
export async function activatePendingBooking(db: PrismaClient, row: NewBookingRow, event: CompanyEventInput | null): Promise<boolean> {
  const payload = row.companyId === null || event === null ? null : JSON.stringify(companyEventPayload(event, row.companyId, null));
  const [done] = await db.$queryRaw<Array<{ n: number }>>`
    WITH b AS (
      UPDATE "slot_bookings" SET "state" = 'active', "updated_at" = now() WHERE "id" = ${row.id} AND "state" = 'pending' RETURNING "trip_id", "vehicle_id"
    ), e AS (
      INSERT INTO "outbox_messages" ("id", "topic", "key", "payload")
      SELECT ${randomUUID()}, ${COMPANY_WEBHOOK_TOPIC}, b."trip_id", jsonb_set(${payload}::jsonb, '{data,plate}', COALESCE(to_jsonb(v."plate_display"), 'null'::jsonb))
      FROM b LEFT JOIN "vehicles" v ON v."id" = b."vehicle_id"
      WHERE ${payload}::text IS NOT NULL AND EXISTS (
        SELECT 1 FROM "webhook_endpoints" w WHERE w."company_id" = ${row.companyId} AND w."revoked_at" IS NULL AND ${event?.event ?? null} = ANY(w."events"))
    )
    SELECT count(*)::int AS "n" FROM b`;
  return done!.n === 1;
}
