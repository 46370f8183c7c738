/**
 * The trip a booking, a wait or a draw request is for, read in one statement. The vehicle, driver,
 * direction and slot class of a booking come from it, never from the request.
 */
import { Prisma, directQuery, type PrismaClient } from '@borderflow/db';
import { batchedRead } from '../batched-read.ts';

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
  cargo: Array<{ hsCode: string }>;
}

/** Statements sent so far (for tests and profiling: reads arriving together share one). */
export const tripToBookStats = { statements: 0 };

/** A trip to book as the direct statement answers it (its cargo's headings as an array). */
type TripToBookRow = Omit<TripToBook, 'cargo'> & { hsCodes: string[] };

/**
 * The trips a booking is for (gate code and cargo headings joined in: one statement for every read
 * that arrived together, batched-read.ts). Every booking request reads one, refusals included (97 %
 * of a release storm, whose requests are each for another trip: a cache would never hit, a shared
 * statement does). On PostgreSQL the statement goes on the pool directly (@borderflow/db's
 * `directQuery`): Prisma's client around it was ~8 % of the server's CPU in a storm, more than pg
 * itself (benchmarks/RESULTS.md, book10). On PGlite through the ORM: a raw statement costs Prisma 7
 * about twice the CPU of this compiled read (RESULTS.md "Booking storm"). Same rows either way.
 */
const tripsToBook = batchedRead(async (db: PrismaClient, ids) => {
  tripToBookStats.statements++;
  const direct = directQuery<TripToBookRow>(db, Prisma.sql`
    SELECT t."id", t."created_by_id" AS "createdById", t."state"::text AS "state", t."direction"::text AS "direction",
      t."vehicle_id" AS "vehicleId", t."driver_id" AS "driverId", t."company_id" AS "companyId", g."code" AS "gateCode",
      ARRAY(SELECT c."hs_code" FROM "cargo_items" c WHERE c."trip_id" = t."id" ORDER BY c."id") AS "hsCodes"
    FROM "trips" t JOIN "gates" g ON g."id" = t."gate_id"
    WHERE t."id" = ANY(${ids}::text[])`);
  if (direct) {
    return new Map((await direct).map(({ hsCodes, ...rest }): [string, TripToBook] => [rest.id, { ...rest, cargo: hsCodes.map((hsCode) => ({ hsCode })) }]));
  }
  const trips = await db.trip.findMany({
    where: { id: { in: ids } },
    select: {
      id: true, createdById: true, state: true, direction: true, vehicleId: true, driverId: true, companyId: true,
      gate: { select: { code: true } }, cargo: { select: { hsCode: true } },
    },
  });
  return new Map(trips.map(({ gate, ...rest }): [string, TripToBook] => [rest.id, { ...rest, gateCode: gate.code }]));
});

/** The trip a booking is for, as of a statement begun after this call, or null when there is none. */
export async function tripToBook(db: PrismaClient, tripId: string): Promise<TripToBook | null> {
  return (await tripsToBook(db, tripId)) ?? null;
}
