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
  cargo: Array<{ hsCode: string }>;
}

/**
 * The trip a booking is for (gate code and cargo headings joined in: one statement). Every
 * booking request reads it, refusals included (97 % of a release storm). Through the ORM on
 * purpose: a raw statement costs Prisma 7 about twice the CPU of this compiled read (measured,
 * benchmarks/RESULTS.md "Booking storm").
 */
export async function tripToBook(db: PrismaClient, tripId: string): Promise<TripToBook | null> {
  const trip = await db.trip.findUnique({
    where: { id: tripId },
    select: {
      id: true, createdById: true, state: true, direction: true, vehicleId: true, driverId: true, companyId: true,
      gate: { select: { code: true } }, cargo: { select: { hsCode: true } },
    },
  });
  if (!trip) return null;
  const { gate, ...rest } = trip;
  return { ...rest, gateCode: gate.code };
}
