/**
 * The trip a booking, a wait or a draw request is for, read in one statement. The vehicle, driver,
 * direction and slot class of a booking come from it, never from the request.
 */
import type { PrismaClient } from '@borderflow/db';
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

/**
 * The trips a booking is for (gate code and cargo headings joined in: one statement for every read
 * that arrived together, batched-read.ts). Every booking request reads one, refusals included (97 %
 * of a release storm, whose requests are each for another trip: a cache would never hit, a shared
 * statement does). Through the ORM on purpose: a raw statement costs Prisma 7 about twice the CPU of
 * this compiled read (measured, benchmarks/RESULTS.md "Booking storm").
 */
const tripsToBook = batchedRead(async (db: PrismaClient, ids) => {
  tripToBookStats.statements++;
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
