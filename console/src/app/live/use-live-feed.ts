/**
 * React side of a LiveFeed: one feed per mounted component and subscription, state through
 * useSyncExternalStore (no tearing), stopped on unmount. A refused token signs the user out.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SubscribeRequest } from '@borderflow/contracts';
import { useAuth } from '../auth/auth-context.tsx';
import { LiveFeed, type LiveFeedOptions, type LiveFeedState, type LiveProjector } from './live-feed.ts';

export interface UseLiveFeedOptions<S> extends Pick<LiveFeedOptions<S>, 'refreshAfterChangeMs' | 'onDelta' | 'url' | 'socketFactory'> {
  /** false: do not connect (e.g. no trip chosen yet). */
  enabled?: boolean;
}

export interface LiveFeedView<S> extends LiveFeedState<S> {
  feed: LiveFeed<S> | null;
}

const IDLE: LiveFeedState<never> = { data: null, connection: 'offline', error: null, applied: 0, clockOffsetMs: 0 };
const noop = () => () => undefined;

/**
 * @example
 * const { data, connection } = useLiveFeed({ gate: 'KT' }, gateProjector);
 */
export function useLiveFeed<S>(request: SubscribeRequest | null, projector: LiveProjector<S>, options: UseLiveFeedOptions<S> = {}): LiveFeedView<S> {
  const { session, logout } = useAuth();
  const token = session?.token ?? null;
  const key = request ? JSON.stringify(request) : null;
  const enabled = options.enabled !== false && key !== null && token !== null;
  // Options are read once per feed: a new feed only for a new subscription or user.
  const feed = useMemo(
    () =>
      enabled
        ? new LiveFeed<S>({
            request: JSON.parse(key) as SubscribeRequest,
            token: token!,
            projector,
            url: options.url,
            refreshAfterChangeMs: options.refreshAfterChangeMs,
            onDelta: options.onDelta,
            socketFactory: options.socketFactory,
            onUnauthenticated: () => logout('expired'),
          })
        : null,
    [enabled, key, token, projector],
  );
  useEffect(() => {
    if (!feed) return;
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const state = useSyncExternalStore(feed?.subscribe ?? noop, feed?.getState ?? (() => IDLE as LiveFeedState<S>));
  return { ...state, feed };
}
