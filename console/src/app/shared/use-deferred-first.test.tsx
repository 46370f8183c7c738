import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useSyncExternalStore } from 'react';
import { useDeferredFirst } from './use-deferred-first.ts';

/** A tiny external store, as a live feed is (its updates reach React through useSyncExternalStore). */
function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

function View({ feed }: { feed: ReturnType<typeof store<string | null>> }) {
  const value = useSyncExternalStore(feed.subscribe, feed.get);
  const shown = useDeferredFirst(value);
  return <p data-testid="shown">{shown ?? 'loading'}</p>;
}

/** The microtasks queued by an update: where React renders useSyncExternalStore's updates. */
const microtasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('useDeferredFirst', () => {
  // Real scheduling, as in the browser: act() would flush every render at once and hide the difference.
  let actEnv: unknown;
  beforeEach(() => {
    actEnv = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT = false;
  });
  afterEach(() => {
    cleanup();
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT = actEnv;
  });

  it('renders the first value in a later task than the update, every later value in the update itself', async () => {
    const feed = store<string | null>(null);
    render(<View feed={feed} />);
    expect(screen.getByTestId('shown').textContent).toBe('loading');

    feed.set('snapshot');
    await microtasks();
    // Not in the update's own task (a synchronous render would have drawn it by now)…
    expect(screen.getByTestId('shown').textContent).toBe('loading');
    // …but in the background, soon after.
    await waitFor(() => expect(screen.getByTestId('shown').textContent).toBe('snapshot'));

    // Shown once: a delta is drawn at once, as before.
    await new Promise((r) => setTimeout(r, 20));
    feed.set('delta 1');
    await microtasks();
    expect(screen.getByTestId('shown').textContent).toBe('delta 1');
  });
});
