/**
 * What is known about the perishable cargo of the trucks waiting at a gate, by trip id. The live
 * placements carry only the class; the trip list adds whether a perishable heading is confirmed
 * or merely claimed by the driver, so the queue can say "claimed, unconfirmed". Refreshed every
 * 30 s; the list is capped at the API's page (200 most recent queued trips), so a truck beyond it
 * shows its class alone.
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useState } from 'react';
import { type TripPriority } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';

const REFRESH_MS = 30_000;
const LIST_LIMIT = 200;

/** Trip id → its priority as the API derived it (waiting trucks only). */
export function useTripPriorities(gate: string): ReadonlyMap<string, TripPriority> {
  const api = useApi();
  const [priorities, setPriorities] = useState<ReadonlyMap<string, TripPriority>>(new Map());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    api
      .call(ROUTES.listTrips, { query: { gate, state: 'queued', limit: LIST_LIMIT } })
      .then((r) => !stopped && setPriorities(new Map(r.trips.map((trip) => [trip.id, trip.priority]))))
      // The class is on screen from the live board anyway; a failed refresh keeps the last notes.
      .catch(() => undefined);
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, gate, tick]);

  return priorities;
}
