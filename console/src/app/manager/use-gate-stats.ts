/** Loads the gate's stats for a day range (and reloads on demand or every minute while it covers today). */
import { ROUTES } from '@borderflow/client';
import { useCallback, useEffect, useState } from 'react';
import { type GateStats } from '@borderflow/contracts';
import { useApi } from '../auth/auth-context.tsx';
import type { ApiError } from '../api/api-error.ts';
import { localDay, rangeInstants, rangeProblem, type DayRange } from './report-range.ts';

export interface GateStatsState {
  stats: GateStats | null;
  loading: boolean;
  error: ApiError | Error | null;
  reload(): void;
}

const REFRESH_MS = 60_000;

/**
 * @example
 * const { stats, loading, error } = useGateStats('KT', { from: '2025-06-01', to: '2025-06-07' });
 */
export function useGateStats(gate: string, range: DayRange): GateStatsState {
  const api = useApi();
  const [stats, setStats] = useState<GateStats | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const valid = rangeProblem(range) === null;

  useEffect(() => {
    if (!valid) return;
    const controller = new AbortController();
    setLoading(true);
    api
      .call(ROUTES.gateStats, { params: { gate }, query: rangeInstants(range), signal: controller.signal })
      .then((s) => {
        setStats(s);
        setError(null);
      })
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'AbortError') setError(err as Error);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [api, gate, range.from, range.to, valid, tick]);

  // A window that includes today keeps moving: refresh it.
  const live = valid && range.to >= localDay(Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  return { stats, loading, error, reload };
}
