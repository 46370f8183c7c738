/**
 * The trip a booking, a wait or a draw request is for, read in one statement. The vehicle, driver,
 * direction and slot class of a booking come from it, never from the request.
 */
import type { PrismaClient } from '@borderflow/db';

/** What booking needs of a trip: who registered it, its state, and what the ledger keys on. */
export interface TripToBook {
  id: string;
  createdById: string;
  state: string;
  direction: string;
  vehicleId: string;
  driverId: string;
  companyId: string | null;
  gateCode: string;
  /** The truck's plate as written (a carrier's booking webhook names it). */
  plate: string | null;
  cargo: Array<{ hsCode: string }>;
}

/**
 * The trip a booking is for, in one statement (gate code and cargo headings joined in). Every booking
 * request reads it, refusals included (97 % of a release storm): through the ORM this read, its
 * relation joins compiled per call, was the largest share of a refusal's CPU (issue 12).
 */
export async function tripToBook(db: PrismaClient, tripId: string): Promise<TripToBook | null> {
  const [row] = await db.$queryRaw<Array<Omit<TripToBook, 'cargo'> & { hsCodes: string[] }>>`
    SELECT t."id", t."created_by_id" AS "createdById", t."state"::text AS "state", t."direction"::text AS "direction",
      t."vehicle_id" AS "vehicleId", t."driver_id" AS "driverId", t."company_id" AS "companyId", g."code" AS "gateCode",
      (SELECT v."plate_display" FROM "vehicles" v WHERE v."id" = t."vehicle_id") AS "plate",
      ARRAY(SELECT c."hs_code" FROM "cargo_items" c WHERE c."trip_id" = t."id") AS "hsCodes"
    FROM "trips" t JOIN "gates" g ON g."id" = t."gate_id" WHERE t."id" = ${tripId}`;
  if (!row) return null;
  const { hsCodes, ...trip } = row;
  return { ...trip, cargo: hsCodes.map((hsCode) => ({ hsCode })) };
}
