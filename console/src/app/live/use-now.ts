/**
 * One shared clock for timers on screen (time in lane, waits): a single interval for the whole
 * app, and only components that show a running time re-render each second.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Local time (ms), updated every second. Add a feed's clockOffsetMs for server time. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
