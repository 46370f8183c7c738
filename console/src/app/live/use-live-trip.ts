/** A driver's own trip, live: state, position, ETA, lane, and the latest event (call-up). */
import { tripProjector, type TripLive } from './projectors.ts';
import { useLiveFeed, type LiveFeedView, type UseLiveFeedOptions } from './use-live-feed.ts';

/**
 * @example
 * const { data } = useLiveTrip(tripId);
 * if (data?.trip?.state === 'called') showCallUp(data.trip.laneId);
 */
export function useLiveTrip(tripId: string | null, options: UseLiveFeedOptions<TripLive> = {}): LiveFeedView<TripLive> {
  return useLiveFeed(tripId ? { tripId } : null, tripProjector, options);
}
