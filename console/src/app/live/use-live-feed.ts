/**
 * React side of a LiveFeed: one feed per mounted component and subscription, state through
 * useSyncExternalStore (no tearing), stopped on unmount. A refused token signs the user out.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { SubscribeRequest } from '@borderflow/contracts';
import { useAuth } from '../auth/auth-context.tsx';
import { LiveFeed, type LiveFeedOptions, type LiveFeedState, type LiveProjector } from './live-feed.ts';

export interface UseLiveFeedOptions<S> extends Pick<LiveFeedOptions<S>, 'onDelta' | 'url' | 'socketFactory'> {
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
  const { session, logout, renew } = useAuth();
  // A renewed token does not make a new feed: the socket reads it when it reconnects.
  const tokenRef = useRef<string | null>(null);
  tokenRef.current = session?.token ?? null;
  const userId = session?.user.id ?? null;
  const key = request ? JSON.stringify(request) : null;
  const enabled = options.enabled !== false && key !== null && userId !== null;
  // Options are read once per feed: a new feed only for a new subscription or user.
  const feed = useMemo(
    () =>
      enabled
        ? new LiveFeed<S>({
            request: JSON.parse(key) as SubscribeRequest,
            token: () => tokenRef.current,
            renewToken: renew,
            projector,
            url: options.url,
            onDelta: options.onDelta,
            socketFactory: options.socketFactory,
            onUnauthenticated: () => logout('expired'),
          })
        : null,
    [enabled, key, userId, projector],
  );
  useEffect(() => {
    if (!feed) return;
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const state = useSyncExternalStore(feed?.subscribe ?? noop, feed?.getState ?? (() => IDLE as LiveFeedState<S>));
  return { ...state, feed };
}
