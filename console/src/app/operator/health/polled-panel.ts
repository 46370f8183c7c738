/**
 * What the board's device panels share: read on mount, every `intervalMs`, and at once on a live
 * `device_alert`; an action marks its row busy, and the panel reads again after it whatever happened
 * (a refused action shows why, in the server's words).
 */
import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';

export type PolledState<T> = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ok'; data: T };

/**
 * @example
 * const { state, busy, act } = usePolledPanel(() => api.call(ROUTES.gateSignals, { params: { gate } }), 5_000, onDeviceAlert);
 * <button disabled={busy === id} onClick={() => void act(id, () => api.call(...))} />
 */
export function usePolledPanel<T>(read: () => Promise<T>, intervalMs: number, onDeviceAlert?: (listener: () => void) => () => void) {
  const [state, setState] = useState<PolledState<T>>({ kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const failed = (err: unknown) => setState({ kind: 'failed', message: isApiError(err) ? err.message : String(err) });

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ok', data: await read() });
    } catch (err) {
      failed(err);
    }
  }, [read]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    const off = onDeviceAlert?.(() => void load());
    return () => {
      clearInterval(timer);
      off?.();
    };
  }, [load, intervalMs, onDeviceAlert]);

  const act = async (id: string, call: () => Promise<unknown>) => {
    setBusy(id);
    try {
      await call();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
      await load();
    }
  };

  return { state, busy, act };
}
