/**
 * The trucks the gate expects: trips registered for it and not yet checked in, refreshed every
 * 30 s and after each check-in. They feed the fuzzy plate suggestions and the side list.
 */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState } from 'react';
import { type Trip } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { isApiError } from '../../api/api-error.ts';

const REFRESH_MS = 30_000;

export function useExpectedTrucks(gate: string): { trips: readonly Trip[]; error: string | null; refresh(): void } {
  const api = useApi();
  const [trips, setTrips] = useState<readonly Trip[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let stopped = false;
    api
      .call(ROUTES.listTrips, { query: { gate, state: 'registered', limit: 200 } })
      .then((r) => {
        if (stopped) return;
        // Soonest expected first: the truck at the barrier is most likely one of them.
        setTrips([...r.trips].sort((a, b) => a.expectedArrival.localeCompare(b.expectedArrival)));
        setError(null);
      })
      .catch((err: unknown) => !stopped && setError(isApiError(err) ? err.message : String(err)));
    const timer = setTimeout(refresh, REFRESH_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, gate, tick, refresh]);

  return { trips, error, refresh };
}
