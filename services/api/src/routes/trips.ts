/**
 * /v1/trips — drivers register, read, correct and cancel their own trips.
 * Staff (operator, manager, admin) may read any trip; operators and admins may cancel.
 */
import { z } from 'zod';
import {
  ACTIVE_TRIP_STATES,
  ZCommandOnlyRequestSchema,
  ZCorrectTripRequestSchema,
  ZCreateTripRequestSchema,
  ZGateCodeSchema,
  ZPlateSchema,
  ZTripIdSchema,
  ZTripListResponseSchema,
  ZTripSchema,
  ZTripStateSchema,
  type Trip,
  type TripState,
} from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { registerTrip } from '../trips/register-trip.ts';
import { correctTrip } from '../trips/correct-trip.ts';
import { cancelTrip } from '../trips/cancel-trip.ts';
import { findAccessibleTrip } from '../trips/trip-access.ts';
import { TRIP_INCLUDE, liveStatus, toTripView, type TripRow } from '../trips/trip-view.ts';
import { notifyAgencies } from '../agency/notify-agencies.ts';

export const ZTripParamsSchema = z.object({ tripId: ZTripIdSchema }).strict();

/** GET /v1/trips filters (staff use them; a driver always gets only their own trips). */
export const ZTripListQuerySchema = z
  .object({
    gate: ZGateCodeSchema.optional(),
    state: ZTripStateSchema.optional(),
    plate: ZPlateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

/**
 * A trip row as the API shows it, with its live placement when the scheduler holds it.
 *
 * @example
 * const body = await presentTrip(ctx, row);
 */
export async function presentTrip(ctx: ApiContext, row: TripRow): Promise<Trip> {
  const live = ACTIVE_TRIP_STATES.includes(row.state as TripState) && row.state !== 'registered';
  return toTripView(row, live ? await liveStatus(ctx.schedulers.get(row.gate.code), row.id) : null);
}

/** Reloads a trip after a write and presents it. */
async function reload(ctx: ApiContext, tripId: string): Promise<Trip> {
  return presentTrip(ctx, await ctx.db.trip.findUniqueOrThrow({ where: { id: tripId }, include: TRIP_INCLUDE }));
}

export function tripRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/trips',
    summary: 'Pre-register a trip (priority class and stages are decided by the server)',
    tag: 'trips',
    access: ['driver'],
    body: ZCreateTripRequestSchema,
    response: ZTripSchema,
    status: 201,
    errors: [409],
    handler: async ({ body, req }) => {
      const raw = (req.body as { vehicle?: { plate?: unknown; trailerPlate?: unknown } }).vehicle ?? {};
      const id = await registerTrip(ctx.db, principalOf(req), body, raw);
      const trip = await reload(ctx, id);
      await notifyAgencies(ctx, trip);
      return trip;
    },
  });

  api.route({
    method: 'get',
    path: '/v1/trips',
    summary: 'List trips: a driver gets their own, staff may filter by gate, state or plate',
    tag: 'trips',
    access: ['driver', 'operator', 'manager', 'admin'],
    query: ZTripListQuerySchema,
    response: ZTripListResponseSchema,
    handler: async ({ query, req }) => {
      const who = principalOf(req);
      const where: Prisma.TripWhereInput = {
        ...(who.role === 'driver' ? { createdById: who.id } : {}),
        ...(query.gate ? { gate: { code: query.gate } } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.plate ? { vehicle: { plate: query.plate } } : {}),
      };
      const rows = await ctx.db.trip.findMany({
        where,
        include: TRIP_INCLUDE,
        orderBy: { createdAt: 'desc' },
        take: query.limit ?? 50,
      });
      return { trips: await Promise.all(rows.map((r) => presentTrip(ctx, r))) };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/trips/:tripId',
    summary: 'One trip, with its live queue position, ETA and lane',
    tag: 'trips',
    access: ['driver', 'operator', 'manager', 'admin'],
    params: ZTripParamsSchema,
    response: ZTripSchema,
    errors: [404],
    handler: async ({ params, req }) => presentTrip(ctx, await findAccessibleTrip(ctx.db, principalOf(req), params.tripId)),
  });

  api.route({
    method: 'patch',
    path: '/v1/trips/:tripId',
    summary: 'Correct a trip before arrival; every change is kept as a revision',
    tag: 'trips',
    access: ['driver'],
    params: ZTripParamsSchema,
    body: ZCorrectTripRequestSchema,
    response: ZTripSchema,
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const changes = await correctTrip(ctx.db, principalOf(req), params.tripId, body);
      const trip = await reload(ctx, params.tripId);
      if (Object.keys(changes).length > 0) await notifyAgencies(ctx, trip, 'replace');
      return trip;
    },
  });

  api.route({
    method: 'post',
    path: '/v1/trips/:tripId/cancel',
    summary: 'Cancel a trip (leaves the queue or lane if it is live)',
    tag: 'trips',
    access: ['driver', 'operator', 'admin'],
    params: ZTripParamsSchema,
    body: ZCommandOnlyRequestSchema,
    response: ZTripSchema,
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      await cancelTrip(ctx, principalOf(req), params.tripId, body.commandId);
      const trip = await reload(ctx, params.tripId);
      await notifyAgencies(ctx, trip, 'cancel');
      return trip;
    },
  });
}
