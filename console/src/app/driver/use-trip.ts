/** One trip of the signed-in driver over REST (reloadable), with its server error if any. */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState } from 'react';
import { type Trip } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';

export interface TripState {
  trip: Trip | null;
  error: Error | null;
  reload(): void;
}

/**
 * @example
 * const { trip, reload } = useTrip(tripId);
 */
export function useTrip(tripId: string): TripState {
  const api = useApi();
  const [trip, setTrip] = useState<Trip | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    api
      .call(ROUTES.readTrip, { params: { tripId }, signal: controller.signal })
      .then((t) => {
        setTrip(t);
        setError(null);
      })
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') setError(err as Error);
      });
    return () => controller.abort();
  }, [api, tripId, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { trip, error, reload };
}
