/**
 * The server clock's offset from this browser's, measured by a live feed, for every running
 * time under one page (time in lane, waits) without passing it down through each component.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useNow } from './use-now.ts';

const ServerClockContext = createContext(0);

/**
 * Makes a feed's clockOffsetMs the server clock of everything inside.
 *
 * @example
 * <ServerClockProvider offsetMs={clockOffsetMs}><LaneGrid … /></ServerClockProvider>
 */
export function ServerClockProvider({ offsetMs, children }: { offsetMs: number; children: ReactNode }) {
  return <ServerClockContext.Provider value={offsetMs}>{children}</ServerClockContext.Provider>;
}

/**
 * Server time (ms), ticking like {@link useNow}; 0 offset outside a provider.
 *
 * @example
 * const now = useServerNow(1000, visible);
 */
export function useServerNow(periodMs = 1000, active = true): number {
  return useNow(periodMs, active) + useContext(ServerClockContext);
}
