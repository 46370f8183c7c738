/**
 * The trip a booking, a wait or a draw request is for, read in one statement. The vehicle, driver,
 * direction and slot class of a booking come from it, never from the request.
 */
import type { PrismaClient } from '@borderflow/db';
import type { TripVersionStore } from '@borderflow/persist';
import { batchedRead } from '../batched-read.ts';
import { keptTripRowCheck } from '../trips/trip-row-cache.ts';

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

/**
 * The trip a booking is for as this process keeps it (a driver's read of their trip keeps its row,
 * trip-row-cache.ts), with the question whether it is current asked of Redis now, not awaited: the
 * booking sends its ledger check for it in the same round trip and uses both only when `current` is
 * true, so a driver who asks again (another hour after "full"), or who had their trip open, is
 * answered without the statement. Undefined when no copy is kept (the statement, tripToBook).
 *
 * @example
 * const ahead = keptTripToBook(ctx.db, ctx, tripId);
 * const trip = ahead && (await ahead.current) ? ahead.trip : await tripToBook(ctx.db, tripId);
 */
export function keptTripToBook(db: PrismaClient, versions: TripVersionStore, tripId: string): { trip: TripToBook; current: Promise<boolean> } | undefined {
  const kept = keptTripRowCheck(db, versions, tripId);
  if (!kept) return undefined;
  const { row } = kept;
  const trip: TripToBook = {
    id: row.id, createdById: row.createdById, state: row.state, direction: row.direction, vehicleId: row.vehicleId,
    driverId: row.driverId, companyId: row.companyId, gateCode: row.gate.code, cargo: row.cargo,
  };
  return { trip, current: kept.current };
}
