/**
 * /v1/trips — drivers register, read, correct and cancel their own trips.
 * Staff (operator, manager, admin) may read any trip; operators and admins may cancel.
 */
import type { Request } from 'express';
import { ACTIVE_TRIP_STATES, ROUTES, TRIP_SORTS, type CreateTripRequest, type Trip, type TripBatchResult } from '@borderflow/contracts';
import { bookingsOf } from '../booking/arrival.ts';
import { cancelBookingOfTrip } from '../booking/booking-service.ts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { registerWithinCaps } from '../trips/register-within-caps.ts';
import type { RawPlates } from '../trips/register-trip.ts';
import type { IdempotencyStore } from '../http/idempotency.ts';
import { problemBody } from '../http/problem.ts';
import { correctTrip } from '../trips/correct-trip.ts';
import { rescreenTrip } from '../trips/declaration-swap.ts';
import { cancelTrip } from '../trips/cancel-trip.ts';
import { canAccessTrip, reachWhere, registeringDriver, tripReach } from '../trips/trip-access.ts';
import { AppError } from '../app-error.ts';
import { etagOf, ifMatchVersion } from '../http/etag.ts';
import { encodeCursor } from '../http/list-query.ts';
import { TRIP_INCLUDE, isLiveTrip, toTripView, type TripRow, type TripStatus } from '../trips/trip-view.ts';
import { readTrip } from '../trips/trip-read.ts';
import { queueMovementNotice } from '../agency/notify-agencies.ts';
import { clientIp } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';
import { indexTripPlate } from '../devices/plate-index.ts';

type TripSort = (typeof TRIP_SORTS)[number];

/**
 * In `updatedAt` order the newest second is held back: a registration stamped a moment ago may still
 * be committing, and a page read past it would skip it for good. A syncing client sees it next poll.
 */
export const SYNC_SETTLE_MS = 2_000;

/**
 * Trip rows as the API shows them, with their live placements when the scheduler holds them: the
 * live ones of each gate are read together (one MULTI and the gate's one projection, as
 * GateScheduler.tripStatuses does), so a page of 50 costs a few round trips, not one read per trip.
 *
 * @example
 * const trips = await presentTrips(ctx, rows);
 */
export async function presentTrips(ctx: ApiContext, rows: readonly TripRow[]): Promise<Trip[]> {
  const liveByGate = new Map<string, string[]>();
  for (const row of rows) {
    if (!isLiveTrip(row)) continue;
    liveByGate.set(row.gate.code, [...(liveByGate.get(row.gate.code) ?? []), row.id]);
  }
  const statuses = new Map<string, TripStatus | null>();
  await Promise.all([...liveByGate].map(async ([gate, ids]) => {
    const scheduler = ctx.schedulers.get(gate);
    if (scheduler) for (const [id, status] of await scheduler.tripStatuses(ids)) statuses.set(id, status);
  }));
  return rows.map((row) => toTripView(row, statuses.get(row.id) ?? null));
}

/**
 * A trip row as the API shows it, with its live placement when the scheduler holds it.
 *
 * @example
 * const body = await presentTrip(ctx, row);
 */
export async function presentTrip(ctx: ApiContext, row: TripRow): Promise<Trip> {
  return (await presentTrips(ctx, [row]))[0]!;
}

/** The plates as the caller typed them (kept beside the normalised ones). */
function rawPlatesOf(trip: unknown): RawPlates {
  return (trip as { vehicle?: RawPlates } | null)?.vehicle ?? {};
}

/** A client's refusal (4xx) as it is; anything else is rethrown: the whole call fails and is retried. */
function refusal(err: unknown): AppError {
  if (err instanceof AppError && err.status < 500) return err;
  throw err;
}

/** Reloads a trip after a write and presents it. */
async function reload(ctx: ApiContext, tripId: string): Promise<Trip> {
  return presentTrip(ctx, await ctx.db.trip.findUniqueOrThrow({ where: { id: tripId }, include: TRIP_INCLUDE }));
}

export function tripRoutes(api: ApiRouter, ctx: ApiContext, idempotency: IdempotencyStore): void {
  /**
   * One registration as `POST /v1/trips` makes it. A retried registration (no Idempotency-Key) meets its
   * own first attempt: the 409 names that trip, so the client carries on with it; only to a caller who
   * may read it, so no one learns of others' trips here.
   */
  async function registerOne(req: Request, body: CreateTripRequest, raw: RawPlates): Promise<Trip> {
    const who = await registeringDriver(ctx.db, principalOf(req), body.driver.phone);
    try {
      // The movement notice goes into the outbox in the registration's own transaction.
      return await presentTrip(ctx, await registerWithinCaps(ctx, who, body, raw,
        (tx, tripId) => queueMovementNotice(ctx, tx, body.gateCode, tripId)));
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT' && err.field === 'vehicle.plate') {
        const active = await ctx.db.trip.findFirst({
          where: { vehicle: { plate: body.vehicle.plate }, state: { in: [...ACTIVE_TRIP_STATES] } },
          select: { id: true, createdById: true },
        });
        if (active && canAccessTrip(who, active.createdById)) err.existingId = active.id;
      }
      throw err;
    }
  }

  api.route(ROUTES.registerTrip, {
    permission: 'trip.register',
    location: (trip: Trip) => `/v1/trips/${trip.id}`,
    handler: ({ body, req }) => registerOne(req, body, rawPlatesOf(req.body)),
  });

  api.route(ROUTES.registerTripBatch, {
    permission: 'trip.register-batch',
    handler: async ({ body, req }) => {
      const who = principalOf(req);
      const sent = (req.body as { registrations?: Array<{ trip?: unknown }> }).registrations ?? [];
      const results: TripBatchResult[] = [];
      // One after another: each registration sees the caps as the ones before it left them, as separate calls would.
      for (const [index, item] of body.registrations.entries()) {
        const rawTrip = sent[index]?.trip ?? null;
        // Claimed as the POST /v1/trips it stands for: a retry through either route replays the first answer.
        const claim = item.idempotencyKey
          ? await idempotency.claimRequest(who.id, item.idempotencyKey, 'POST', ROUTES.registerTrip.path, rawTrip).catch(refusal)
          : null;
        if (claim instanceof AppError) {
          results.push({ index, status: claim.status, replayed: false, problem: problemBody(claim, req) });
          continue;
        }
        if (claim?.replay) {
          results.push({ index, status: claim.replay.status, replayed: true, trip: claim.replay.body as Trip });
          continue;
        }
        try {
          const trip = await registerOne(req, item.trip, rawPlatesOf(rawTrip));
          await claim?.complete({ status: 201, body: trip, location: `/v1/trips/${trip.id}` });
          results.push({ index, status: 201, replayed: false, trip });
        } catch (err) {
          await claim?.release();
          // A refusal is this registration's; a fault (a store down) fails the call, and its retry replays what was made.
          const refused = refusal(err);
          results.push({ index, status: refused.status, replayed: false, problem: problemBody(refused, req) });
        }
      }
      const registered = results.filter((r) => r.status === 201).length;
      return { results, registered, refused: results.length - registered };
    },
  });

  api.route(ROUTES.listTrips, {
    permission: 'trip.list',
    handler: async ({ query, req }) => {
      const who = principalOf(req);
      const sort: TripSort = query.sort ?? (query.updatedSince ? 'updatedAt' : '-createdAt');
      if (query.cursor && query.cursor.sort !== sort) {
        throw AppError.worded('VALIDATION_FAILED', REFUSALS.cursorSort(query.cursor.sort), 'cursor');
      }
      const key = sort.replace('-', '') as 'createdAt' | 'updatedAt';
      const dir = sort.startsWith('-') ? 'desc' : 'asc';
      const limit = query.limit ?? 50;
      const and: Prisma.TripWhereInput[] = [];
      if (query.updatedSince) and.push({ updatedAt: { gte: new Date(query.updatedSince) } });
      if (sort === 'updatedAt') and.push({ updatedAt: { lte: new Date(Date.now() - SYNC_SETTLE_MS) } });
      if (query.cursor) {
        const at = new Date(query.cursor.value);
        const beyond = dir === 'asc' ? { gt: at } : { lt: at };
        const idBeyond = dir === 'asc' ? { gt: query.cursor.id } : { lt: query.cursor.id };
        and.push({ OR: [{ [key]: beyond }, { [key]: at, id: idBeyond }] });
      }
      const where: Prisma.TripWhereInput = {
        ...reachWhere(await tripReach(ctx.db, who)),
        ...(query.gate ? { gate: { code: { in: query.gate } } } : {}),
        ...(query.state ? { state: { in: query.state } } : {}),
        ...(query.plate ? { vehicle: { plate: { in: query.plate } } } : {}),
        ...(and.length > 0 ? { AND: and } : {}),
      };
      const rows = await ctx.db.trip.findMany({
        where,
        include: TRIP_INCLUDE,
        orderBy: [{ [key]: dir }, { id: dir }],
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      // Sync (updatedAt ascending) never ends: the last position is where the next poll resumes.
      const resume = last
        ? encodeCursor({ sort, value: last[key].toISOString(), id: last.id })
        : sort === 'updatedAt' && query.cursor
          ? encodeCursor(query.cursor)
          : null;
      const nextCursor = rows.length > limit || sort === 'updatedAt' ? resume : null;
      return { trips: await presentTrips(ctx, page), nextCursor };
    },
  });

  api.route(ROUTES.readTrip, {
    permission: 'trip.read',
    handler: async ({ params, req, res }) => {
      // The version check, the live placement and the weighing mark in one round trip (trip-read.ts).
      const { trip, weighing } = await readTrip(ctx, principalOf(req), params.tripId);
      res.setHeader('ETag', etagOf(trip.updatedAt));
      return weighing ? { ...trip, weighing } : trip;
    },
  });

  api.route(ROUTES.correctTrip, {
    permission: 'trip.correct',
    handler: async ({ params, body, req, res }) => {
      const version = ifMatchVersion(req);
      const changes = await correctTrip(ctx.db, ctx, principalOf(req), params.tripId, body, version === '*' ? undefined : version,
        async (tx, gateCode) => {
          // A corrected plate is filed before the commit, like a registration's (devices/plate-index.ts).
          if (body.vehicle?.plate) await indexTripPlate(ctx, gateCode, params.tripId, body.vehicle.plate);
          await queueMovementNotice(ctx, tx, gateCode, params.tripId, 'replace');
        });
      // Declarations changed after check-in: back to screening (new route, customs' screening hold).
      if (changes.declarations) await rescreenTrip(ctx, params.tripId);
      const trip = await reload(ctx, params.tripId);
      res.setHeader('ETag', etagOf(trip.updatedAt));
      return trip;
    },
  });

  api.route(ROUTES.cancelTrip, {
    permission: 'trip.cancel',
    handler: async ({ params, body, req }) => {
      // The cancel notice goes into the outbox in the transaction that records the cancel.
      await cancelTrip(ctx, principalOf(req), params.tripId, body.commandId, {
        ...(body.reason ? { reason: body.reason } : {}),
        ...(clientIp(req) ? { ip: clientIp(req)! } : {}),
      }, (tx, gateCode) => queueMovementNotice(ctx, tx, gateCode, params.tripId, 'cancel'));
      // A cancelled trip gives its booked slot back at once (to the waiting list first), not as a no-show later.
      await cancelBookingOfTrip(bookingsOf(ctx), principalOf(req), params.tripId, body.reason ?? 'trip cancelled', req);
      return reload(ctx, params.tripId);
    },
  });
}
