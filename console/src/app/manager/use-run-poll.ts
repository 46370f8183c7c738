import { useEffect } from 'react';

/** How often a page asks after a simulation run (a run takes seconds to minutes). */
const POLL_MS = 1000;

/**
 * Follows a simulation or what-if run named in the URL until it is no longer running: reads it now, then every
 * second while `running`; stops when the page leaves or the run changes. `read` should be stable (useCallback).
 */
export function useRunPoll<T extends { status: string }>(
  runId: string | null | undefined,
  read: (id: string) => Promise<T>,
  onStatus: (status: T) => void,
  notifyError: (err: unknown) => void,
): void {
  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const status = await read(runId);
        if (stopped) return;
        onStatus(status);
        if (status.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (err) {
        if (!stopped) notifyError(err);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, read, onStatus, notifyError]);
}
