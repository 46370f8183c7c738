/**
 * A view's first big render as a transition (issue 15: the lane board's first render without long
 * tasks). A live feed's state comes through useSyncExternalStore, whose updates React always
 * renders synchronously, in one task: for the board's first snapshot that was the snapshot's
 * check, React's render of 32 lane cards, their commit and effects together (110–250 ms). Deferred
 * the first time it appears, the value is rendered in slices that yield to the browser between
 * them; after that it is passed through as it is, so every later update (a delta) is drawn at once
 * as before.
 */
import { useDeferredValue, useEffect, useState } from 'react';

/**
 * `value` once it has been shown; before that, the last value React has finished rendering in the
 * background (null until the first one is in).
 *
 * @example
 * const shown = useDeferredFirst(board); // null → board in slices, then every board at once
 */
export function useDeferredFirst<T>(value: T | null): T | null {
  const deferred = useDeferredValue(value);
  const [shownOnce, setShownOnce] = useState(false);
  const arrived = deferred !== null;
  useEffect(() => {
    if (arrived) setShownOnce(true);
  }, [arrived]);
  return shownOnce ? value : deferred;
}
