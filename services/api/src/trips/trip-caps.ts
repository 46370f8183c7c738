/**
 * Caps on active trips (issue 10): per driver and per company, so one account
 * cannot fill the queue (150 trips in 15 seconds were seen on main).
 *
 * Registrations reserve their place in Redis (trip-place.ts: one Lua script,
 * atomic across every API process) against the count the database gives; a
 * correction that changes the driver is checked here, in its transaction.
 *
 * "Per driver" counts the person driving, identified by the phone number on the
 * trip (a forwarder's account registers trips for many drivers), among the
 * company's trips only, so another company cannot block a driver by naming them.
 */
import type { Prisma } from '@borderflow/db';
import { ACTIVE_TRIP_STATES } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type Tx = Prisma.TransactionClient;

export interface TripCaps {
  /** Active trips one driver (by phone) may have in one company. */
  perDriver: number;
  /** Active trips one company (or one account without a company) may have. */
  perCompany: number;
}

export const DEFAULT_TRIP_CAPS: TripCaps = { perDriver: 2, perCompany: 200 };

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/**
 * Caps from the environment: TRIP_CAP_PER_DRIVER (default 2), TRIP_CAP_PER_COMPANY (default 200).
 * Read on every registration, so each process (and each test) uses the environment it has.
 *
 * @example
 * tripCapsFrom({ TRIP_CAP_PER_DRIVER: '3' }); // { perDriver: 3, perCompany: 200 }
 */
export function tripCapsFrom(env: Record<string, string | undefined>): TripCaps {
  return {
    perDriver: positiveInt(env.TRIP_CAP_PER_DRIVER, DEFAULT_TRIP_CAPS.perDriver),
    perCompany: positiveInt(env.TRIP_CAP_PER_COMPANY, DEFAULT_TRIP_CAPS.perCompany),
  };
}

export interface CapSubject {
  /** The registering account. */
  userId: string;
  companyId: string | null;
  /** Normalised phone of the driver on the trip. */
  driverPhone: string;
  /** A trip being corrected does not count against itself. */
  exceptTripId?: string;
}

/** 409 naming the cap that is full. */
export function capError(which: 'driver' | 'scope', caps: TripCaps, active?: number): AppError {
  return which === 'driver'
    ? AppError.worded('CONFLICT', REFUSALS.driverCap(caps.perDriver, active), 'driver.phone')
    : AppError.worded('CONFLICT', REFUSALS.companyCap(caps.perCompany, active), null);
}

/** The trips a cap counts: the company's, or the account's when it has no company. */
export function capScopeWhere(subject: Pick<CapSubject, 'userId' | 'companyId'>): Prisma.TripWhereInput {
  return subject.companyId !== null ? { companyId: subject.companyId } : { createdById: subject.userId, companyId: null };
}

/**
 * Refuses with 409 when the trip's (new) driver already has the most active trips allowed; for a
 * correction, inside its transaction (`exceptTripId` = the trip being corrected).
 *
 * @example
 * await assertDriverUnderCap(tx, { userId, companyId, driverPhone, exceptTripId: row.id });
 */
export async function assertDriverUnderCap(tx: Tx, subject: CapSubject, caps = tripCapsFrom(process.env)): Promise<void> {
  const ofDriver = await tx.trip.count({
    where: {
      ...capScopeWhere(subject),
      state: { in: [...ACTIVE_TRIP_STATES] },
      driver: { phone: subject.driverPhone },
      ...(subject.exceptTripId ? { id: { not: subject.exceptTripId } } : {}),
    },
  });
  if (ofDriver >= caps.perDriver) throw capError('driver', caps, ofDriver);
}
