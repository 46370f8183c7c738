/**
 * Trailer, cargo and driver of the trucks standing in lanes: the live events carry only the
 * placement (plate, class, stage), the rest is in the database (GET /v1/trips/:id). Fetched
 * once per trip and cached for the session; a few at a time so a board of 200 lanes does not
 * flood the server.
 */
import { ROUTES } from '@borderflow/client';
import { useEffect, useRef, useState } from 'react';
import { type Trip } from '@borderflow/contracts';
import { useApi } from '../../auth/auth-context.tsx';
import { isApiError } from '../../api/api-error.ts';

export type TripDetails = { status: 'loaded'; trip: Trip } | { status: 'failed'; message: string };

const PARALLEL = 4;
/** A failed read (the network was down) is asked again after this long, not only when the lanes change. */
const RETRY_MS = 5_000;

/**
 * @example
 * const details = useTripDetails(board.lanes.flatMap((l) => (l.trip ? [l.trip.id] : [])));
 * details.get(tripId)?.status === 'loaded'
 */
export function useTripDetails(tripIds: readonly string[]): ReadonlyMap<string, TripDetails> {
  const api = useApi();
  const [details, setDetails] = useState<ReadonlyMap<string, TripDetails>>(new Map());
  const requested = useRef(new Set<string>());
  const [retryRound, setRetryRound] = useState(0);
  const key = [...tripIds].sort().join(',');

  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    const missing = wanted.filter((id) => !requested.current.has(id));
    if (missing.length === 0) return;
    for (const id of missing) requested.current.add(id);
    // Answers are kept even if the lanes changed meanwhile: the cache outlives this effect.
    const queue = [...missing];
    let failed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const tripId = id;
        let entry: TripDetails;
        try {
          entry = { status: 'loaded', trip: await api.call(ROUTES.readTrip, { params: { tripId } }) };
        } catch (err) {
          // Not cached as failed for good: the next time a lane shows it, it is asked again.
          requested.current.delete(tripId);
          entry = { status: 'failed', message: isApiError(err) ? err.message : String(err) };
          if (!failed) retry = setTimeout(() => setRetryRound((n) => n + 1), RETRY_MS);
          failed = true;
        }
        setDetails((prev) => new Map(prev).set(tripId, entry));
      }
    };
    for (let i = 0; i < Math.min(PARALLEL, queue.length); i++) void worker();
    return () => clearTimeout(retry);
  }, [api, key, retryRound]);

  return details;
}
