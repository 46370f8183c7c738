/**
 * Holds and a red channel stick to the truck (issue 10). When a truck's trip
 * ends without crossing (cancelled, or dropped as a no-show) while a hold or a
 * red channel was open on one of its declarations, the truck's next trip
 * carries that declaration too, as an inherited declaration row
 * (`inheritedFromTripId`): every path that reads a trip's declarations — the
 * route at registration and check-in, the holds applied at check-in, the
 * decisions that later reach "every trip carrying the declaration" — then
 * treats it like its own, so the new trip starts held or red, and the agency
 * that placed the control is the one that lifts it. A crossing ends the
 * inheritance: controls of trips before the truck's last crossing are done.
 */
import type { Prisma } from '@borderflow/db';
import { routeAndHolds, routeAndHoldsOf, type DecisionRow, type RouteDecision } from '../agency/decision-state.ts';
import { ACTIVE_STATES_SQL } from './trip-records.ts';

type Tx = Prisma.TransactionClient;

/** A declaration carried over from an earlier trip of the truck. */
export interface InheritedDeclaration {
  number: string;
  key: string;
  amendment: number;
  fromTripId: string;
}

/** What a new trip of a truck carries: its own declarations' keys plus the inherited ones. */
export interface CarriedControls {
  inherited: InheritedDeclaration[];
  /** Own keys first, then the inherited ones: the keys the route and holds are computed from. */
  keys: string[];
  /** A hold is open on one of the keys. */
  held: boolean;
  /** The route the keys' decisions give (read with the holds). */
  route: RouteDecision;
}

/**
 * The open controls a new trip of this truck inherits.
 *
 * @example
 * const carried = await carriedControls(tx, truck.id, ['30512345678'], undefined, needsQuarantine);
 * carried.route.stages; // ['documents', 'gate']
 */
export async function carriedControls(
  tx: Tx,
  vehicleId: string,
  ownKeys: readonly string[],
  /** The vehicle's ended trips when the caller has read them (vehicleTrips); else read here. */
  ended?: readonly EndedTrip[],
  /** The cargo needs quarantine (for the route). */
  plantOrAnimal = false,
  /** The decisions on `ownKeys` when the caller has read them (decisionsJson); else read here. */
  ownDecisions?: readonly DecisionRow[],
): Promise<CarriedControls> {
  const history = ended ?? (await vehicleTrips(tx, vehicleId)).ended;
  const inherited: InheritedDeclaration[] = [];
  const seen = new Set(ownKeys);
  for (const trip of history) {
    if (trip.state === 'crossed') break;
    for (const d of trip.declarations) {
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      if (await isOpen(tx, d.key)) inherited.push({ number: d.number, key: d.key, amendment: d.amendment, fromTripId: trip.id });
    }
  }
  const keys = [...ownKeys, ...inherited.map((d) => d.key)];
  const { route, holds } = inherited.length === 0 && ownDecisions
    ? routeAndHoldsOf(ownDecisions, keys, plantOrAnimal)
    : await routeAndHolds(tx, keys, plantOrAnimal);
  return { inherited, keys, held: holds.size > 0, route };
}

/** A trip of the truck that ended (cancelled, no-show or crossed), with its declarations. */
export interface EndedTrip {
  id: string;
  state: string;
  declarations: Array<{ number: string; key: string; amendment: number }>;
}

/** What a registration needs of a truck's trips: whether one is active, and the ended ones. */
export interface VehicleTrips {
  hasActive: boolean;
  /** Newest first, at most 50 (back to the last crossing is what counts). */
  ended: EndedTrip[];
}

/** A vehicle that has no trips (just created). */
export const NO_TRIPS: VehicleTrips = { hasActive: false, ended: [] };

/**
 * One statement for the active-trip check and the inherited controls (they were three).
 *
 * @example
 * const trips = truck.created ? NO_TRIPS : await vehicleTrips(tx, truck.id);
 */
export async function vehicleTrips(tx: Tx, vehicleId: string): Promise<VehicleTrips> {
  const [row] = await tx.$queryRaw<Array<{ has_active: boolean; ended: EndedTrip[] | string | null }>>`
    SELECT
      EXISTS (SELECT 1 FROM "trips" WHERE "vehicle_id" = ${vehicleId} AND "state" IN ${ACTIVE_STATES_SQL}) AS "has_active",
      (SELECT json_agg(json_build_object('id', e."id", 'state', e."state", 'declarations', e."declarations") ORDER BY e."created_at" DESC)
       FROM (
         SELECT t."id", t."state"::text AS "state", t."created_at",
           COALESCE((SELECT json_agg(json_build_object('number', d."number", 'key', d."key", 'amendment', d."amendment"))
                     FROM "declarations" d WHERE d."trip_id" = t."id"), '[]'::json) AS "declarations"
         FROM "trips" t
         WHERE t."vehicle_id" = ${vehicleId} AND t."state" IN ('cancelled', 'no_show', 'crossed')
         ORDER BY t."created_at" DESC
         LIMIT 50
       ) e) AS "ended"`;
  const ended = typeof row?.ended === 'string' ? (JSON.parse(row.ended) as EndedTrip[]) : (row?.ended ?? []);
  return { hasActive: row?.has_active ?? false, ended };
}

/**
 * Whether a hold or a red channel is open on the declaration.
 *
 * @example
 * await isOpen(tx, '30512345678'); // true while customs' red channel stands
 */
export async function isOpen(tx: Tx, key: string): Promise<boolean> {
  const { route, holds } = await routeAndHolds(tx, [key], false);
  return holds.size > 0 || route.channel === 'red';
}
