/**
 * Shared clocks for times on screen (time in lane, waits): one interval per period for the
 * whole app, and only components that show a running time re-render when it ticks. A board of
 * 200 lanes ticks only the timers on screen (`active`) and the minute-level waits every 15 s.
 */
import { useSyncExternalStore } from 'react';

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

const clocks = new Map<number, Clock>();

function clockOf(periodMs: number): Clock {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: null };
    clocks.set(periodMs, clock);
  }
  return clock;
}

function subscribeTo(periodMs: number) {
  return (listener: () => void): (() => void) => {
    const clock = clockOf(periodMs);
    clock.listeners.add(listener);
    if (!clock.timer) {
      clock.now = Date.now();
      clock.timer = setInterval(() => {
        clock.now = Date.now();
        for (const l of clock.listeners) l();
      }, periodMs);
    }
    return () => {
      clock.listeners.delete(listener);
      if (clock.listeners.size === 0 && clock.timer) {
        clearInterval(clock.timer);
        clock.timer = null;
      }
    };
  };
}

const subscribers = new Map<number, (listener: () => void) => () => void>();
const idle = () => () => undefined;

/**
 * Local time (ms), updated every `periodMs` (default 1 s) while `active`. Add a feed's
 * clockOffsetMs for server time.
 *
 * @example
 * const now = useNow() + clockOffsetMs;
 * const coarse = useNow(15_000); // "waited 12 min"
 */
export function useNow(periodMs = 1000, active = true): number {
  let subscribe = subscribers.get(periodMs);
  if (!subscribe) {
    subscribe = subscribeTo(periodMs);
    subscribers.set(periodMs, subscribe);
  }
  const clock = clockOf(periodMs);
  // Inactive: the clock's last tick (stable, as useSyncExternalStore requires); a timer off screen
  // shows nothing anyone reads, and catches up as soon as it is active again.
  return useSyncExternalStore(active ? subscribe : idle, () => clock.now);
}
