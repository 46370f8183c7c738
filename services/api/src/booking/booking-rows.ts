/**
 * The database statements of a new booking: its 'pending' row before the ledger's step (written in
 * the statement that reads the driver's no-shows, when none counts), and that row turned active
 * together with its carrier event after it (see the top of booking-service.ts for why in that
 * order), and the driver's no-shows that may suspend it. Each is one statement,
 * shared by the bookings that arrive together (batched-read.ts): in a release storm the first
 * wave's successes arrive together, and each statement costs Prisma and the socket mostly a fixed
 * price whatever its rows, so a success paid ~4 statements of its own (issue 12).
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '@borderflow/db';
import { batchedStatement } from '../batched-read.ts';
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

/** Statements sent so far (for tests: bookings arriving together share them). */
export const bookingRowStats = { inserts: 0, activations: 0, noShowReads: 0, deletes: 0, checkedInserts: 0 };

const insertPending = batchedStatement(async (db: PrismaClient, rows: Map<string, NewBookingRow>) => {
  bookingRowStats.inserts++;
  const json = JSON.stringify([...rows.values()]);
  await db.$executeRaw`
    INSERT INTO "slot_bookings" ("id", "gate_code", "trip_id", "vehicle_id", "driver_id", "company_id", "account_id", "direction", "slot_class", "slot_start", "state", "updated_at")
    SELECT r."id", r."gateCode", r."tripId", r."vehicleId", r."driverId", r."companyId", r."accountId", r."direction", r."slotClass", r."slotStart", 'pending', now()
    FROM jsonb_to_recordset(${json}::jsonb) AS r("id" text, "gateCode" text, "tripId" text, "vehicleId" text, "driverId" text, "companyId" text, "accountId" text, "direction" text, "slotClass" text, "slotStart" timestamptz)`;
  return new Map([...rows.keys()].map((id) => [id, true]));
});

/** Writes the 'pending' row of a booking in flight (a ledger rebuild counts it); committed when this returns. */
export async function insertPendingBooking(db: PrismaClient, row: NewBookingRow): Promise<void> {
  await insertPending(db, row.id, row);
}

const deletePending = batchedStatement(async (db: PrismaClient, ids: Map<string, string>) => {
  bookingRowStats.deletes++;
  const gone = await db.$queryRaw<Array<{ id: string }>>`
    DELETE FROM "slot_bookings"
    WHERE "id" IN (SELECT jsonb_array_elements_text(${JSON.stringify([...ids.keys()])}::jsonb)) AND "state" = 'pending'
    RETURNING "id"`;
  return new Map(gone.map((g) => [g.id, true]));
});

/**
 * Deletes a booking's row while it is still 'pending' (true: this call deleted it; one activated or
 * already gone stays as it is). Shared by the bookings that arrive together: in a storm's first wave
 * many pass the ledger's early check and lose at its step, and each one's own DELETE, one after
 * another on the pool, cost those refusals ~60 ms (benchmarks/RESULTS.md, book7).
 */
export async function deletePendingBooking(db: PrismaClient, id: string): Promise<boolean> {
  return (await deletePending(db, id, id)) === true;
}

interface Activation {
  id: string;
  outboxId: string;
  companyId: string | null;
  event: string | null;
  /** The carrier event's payload without its plate (joined in by the statement); absent: no event. */
  payload?: object;
}

const activatePending = batchedStatement(async (db: PrismaClient, rows: Map<string, Activation>) => {
  bookingRowStats.activations++;
  const json = JSON.stringify([...rows.values()]);
  const done = await db.$queryRaw<Array<{ id: string }>>`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r("id" text, "outboxId" text, "companyId" text, "event" text, "payload" jsonb)
    ), b AS (
      UPDATE "slot_bookings" s SET "state" = 'active', "updated_at" = now() FROM r WHERE s."id" = r."id" AND s."state" = 'pending' RETURNING s."id", s."trip_id", s."vehicle_id"
    ), e AS (
      INSERT INTO "outbox_messages" ("id", "topic", "key", "payload")
      SELECT r."outboxId", ${COMPANY_WEBHOOK_TOPIC}, b."trip_id", jsonb_set(r."payload", '{data,plate}', COALESCE(to_jsonb(v."plate_display"), 'null'::jsonb))
      FROM b JOIN r ON r."id" = b."id" LEFT JOIN "vehicles" v ON v."id" = b."vehicle_id"
      WHERE r."payload" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "webhook_endpoints" w WHERE w."company_id" = r."companyId" AND w."revoked_at" IS NULL AND r."event" = ANY(w."events"))
    )
    SELECT "id" FROM b`;
  return new Map(done.map((d) => [d.id, true]));
});

/**
 * Turns a pending booking active (only while still pending: the sweep may have dropped a stale one)
 * and, in the same statement, writes its carrier event to the outbox when the trip's company has an
 * endpoint for it (`event`, null: none): the event exists exactly when the booking does. The event is the one
 * `writeCompanyEvent` writes (same payload; the plate joined in here). False when the row was gone.
 */
export async function activatePendingBooking(db: PrismaClient, row: NewBookingRow, event: CompanyEventInput | null): Promise<boolean> {
  const payload = row.companyId === null || event === null ? undefined : companyEventPayload(event, row.companyId, null);
  return (await activatePending(db, row.id, { id: row.id, outboxId: randomUUID(), companyId: row.companyId, event: event?.event ?? null, ...(payload ? { payload } : {}) })) === true;
}

/** A booking that counts against its driver: a no-show, or still active after its arrival window closed. */
export interface CountedBooking {
  id: string;
  gateCode: string;
  vehicleId: string;
  driverId: string;
  accountId: string;
  companyId: string | null;
  slotStart: Date;
  direction: string;
  slotClass: string;
  state: string;
}

/** A driver's bookings that count toward a suspension, and their latest waiver. */
export interface DriverNoShows {
  counted: CountedBooking[];
  waivedAt: Date | null;
}

/**
 * A booking `b` of the asking row `k` that counts toward a suspension: a no-show, or still active
 * with its arrival window closed (missed, not yet swept). The one condition of both no-show reads.
 */
const COUNTED_AS_NO_SHOW = Prisma.sql`(b."state" = 'no_show' OR (b."state" = 'active' AND b."slot_start" < k."missedBefore"))`;

interface NoShowQuestion {
  driverId: string;
  /** The window's start: older bookings no longer count. */
  since: Date;
  /** An active booking whose slot started before this has its arrival window closed. */
  missedBefore: Date;
}

const noShowsOf = batchedStatement(async (db: PrismaClient, asked: Map<string, NoShowQuestion>) => {
  bookingRowStats.noShowReads++;
  const json = JSON.stringify([...asked].map(([key, q]) => ({ key, ...q })));
  const rows = await db.$queryRaw<NoShowRow[]>`
    SELECT k."key", w."created_at" AS "waivedAt", b."id", b."gate_code" AS "gateCode", b."vehicle_id" AS "vehicleId", b."driver_id" AS "driverId",
      b."account_id" AS "accountId", b."company_id" AS "companyId", b."slot_start" AS "slotStart", b."direction", b."slot_class" AS "slotClass", b."state"
    FROM jsonb_to_recordset(${json}::jsonb) AS k("key" text, "driverId" text, "since" timestamptz, "missedBefore" timestamptz)
    LEFT JOIN LATERAL (SELECT "created_at" FROM "booking_waivers" WHERE "driver_id" = k."driverId" ORDER BY "created_at" DESC LIMIT 1) w ON true
    LEFT JOIN "slot_bookings" b ON b."driver_id" = k."driverId" AND b."slot_start" >= k."since"
      AND ${COUNTED_AS_NO_SHOW}`;
  return noShowsByKey(rows);
});

/** One row of a no-show read: a counted booking of the asking key (all null: none), the driver's latest waiver beside it. */
type NoShowRow = { key: string; waivedAt: Date | null } & { [K in keyof CountedBooking]: CountedBooking[K] | null };

function noShowsByKey(rows: readonly NoShowRow[]): Map<string, DriverNoShows> {
  const answers = new Map<string, DriverNoShows>();
  for (const { key, waivedAt, ...b } of rows) {
    let a = answers.get(key);
    if (!a) answers.set(key, (a = { counted: [], waivedAt: waivedAt ?? null }));
    if (b.id !== null) a.counted.push(b as CountedBooking);
  }
  return answers;
}

/**
 * The driver's bookings counted toward a suspension as of `now` (the window's no-shows, and active
 * ones whose arrival window closed: no-shows not yet marked) and the driver's latest waiver, in one
 * statement shared with the bookings that ask together.
 */
export async function driverNoShows(db: PrismaClient, driverId: string, since: Date, missedBefore: Date): Promise<DriverNoShows> {
  const key = `${driverId}|${since.getTime()}|${missedBefore.getTime()}`;
  return (await noShowsOf(db, key, { driverId, since, missedBefore })) ?? { counted: [], waivedAt: null };
}

/** What writing a new booking's pending row together with its driver's no-show read found. */
export type CheckedPendingRow =
  | { written: true }
  /** Not written: the driver has bookings that count toward a suspension (judged by the caller, as `driverNoShows` answers). */
  | { written: false; noShows: DriverNoShows };

const insertPendingChecked = batchedStatement(async (db: PrismaClient, asked: Map<string, NewBookingRow & Omit<NoShowQuestion, 'driverId'>>) => {
  bookingRowStats.checkedInserts++;
  const json = JSON.stringify([...asked.values()]);
  // Every part of one statement sees the same snapshot: `counted` never sees the rows `written` adds.
  const rows = await db.$queryRaw<Array<NoShowRow & { written: boolean }>>`
    WITH k AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r("id" text, "gateCode" text, "tripId" text, "vehicleId" text, "driverId" text, "companyId" text,
        "accountId" text, "direction" text, "slotClass" text, "slotStart" timestamptz, "since" timestamptz, "missedBefore" timestamptz)
    ), counted AS (
      SELECT k."id" AS "key", b.* FROM k JOIN "slot_bookings" b ON b."driver_id" = k."driverId" AND b."slot_start" >= k."since"
        AND ${COUNTED_AS_NO_SHOW}
    ), written AS (
      INSERT INTO "slot_bookings" ("id", "gate_code", "trip_id", "vehicle_id", "driver_id", "company_id", "account_id", "direction", "slot_class", "slot_start", "state", "updated_at")
      SELECT k."id", k."gateCode", k."tripId", k."vehicleId", k."driverId", k."companyId", k."accountId", k."direction", k."slotClass", k."slotStart", 'pending', now()
      FROM k WHERE NOT EXISTS (SELECT 1 FROM counted c WHERE c."key" = k."id")
      RETURNING "id"
    )
    SELECT k."id" AS "key", (s."id" IS NOT NULL) AS "written", w."created_at" AS "waivedAt", c."id", c."gate_code" AS "gateCode", c."vehicle_id" AS "vehicleId",
      c."driver_id" AS "driverId", c."account_id" AS "accountId", c."company_id" AS "companyId", c."slot_start" AS "slotStart", c."direction", c."slot_class" AS "slotClass", c."state"
    FROM k LEFT JOIN written s ON s."id" = k."id"
    LEFT JOIN LATERAL (SELECT "created_at" FROM "booking_waivers" WHERE "driver_id" = k."driverId" AND s."id" IS NULL ORDER BY "created_at" DESC LIMIT 1) w ON true
    LEFT JOIN counted c ON c."key" = k."id"`;
  const written = new Set(rows.filter((r) => r.written).map((r) => r.key));
  const noShows = noShowsByKey(rows.filter((r) => !r.written).map(({ written: _, ...r }) => r));
  return new Map<string, CheckedPendingRow>([...asked.keys()].map((id) => [id, written.has(id) ? { written: true } : { written: false, noShows: noShows.get(id)! }]));
});

/**
 * Reads the driver's bookings that count toward a suspension (as `driverNoShows`, the same window)
 * and, in the same statement, writes the booking's 'pending' row when there is none: a driver
 * with no such booking cannot be suspended, so the row is written exactly when it would have been
 * after a read of its own. A driver with any is not written for: the caller judges the suspension
 * as before and writes the row itself (`insertPendingBooking`), or refuses with nothing written.
 * One round trip of a booking's path fewer, shared by the bookings that arrive together (issue 12).
 * When `written`, the row is committed.
 */
export async function insertPendingUnlessNoShows(db: PrismaClient, row: NewBookingRow, since: Date, missedBefore: Date): Promise<CheckedPendingRow> {
  return (await insertPendingChecked(db, row.id, { ...row, since, missedBefore }))!;
}
