/** Test data: a stats answer as GET /v1/gates/KT/stats gives it. */
import type { GateStats } from '@borderflow/contracts';

export const H = 3_600_000;
export const T0 = Date.UTC(2025, 5, 1, 1); // 08:00 at the gate

/** A four-hour stats window for tests (08:00–12:00 at the gate). */
export const STATS: GateStats = {
  gate: 'KT',
  from: new Date(T0).toISOString(),
  to: new Date(T0 + 4 * H).toISOString(),
  trucksPerHour: [
    { hour: new Date(T0).toISOString(), exit: 6, entry: 2 },
    { hour: new Date(T0 + 2 * H).toISOString(), exit: 3, entry: 0 },
  ],
  waitMs: { perishable: { p50: 4 * 60_000, p90: 9 * 60_000 }, ordinary: { p50: 30 * 60_000, p90: 75 * 60_000 } },
  waitIncludingWaitingMs: { ordinary: { p50: 35 * 60_000, p90: 80 * 60_000, completed: 12, waiting: 3, longestWaitingMs: 50 * 60_000 } },
  laneUtilisation: [
    { laneId: 'KT-X1', busyRatio: 0.5, busyMs: 2 * H, openMs: 4 * H },
    { laneId: 'KT-N1', busyRatio: 0.125, busyMs: 0.5 * H, openMs: 4 * H },
  ],
  backlog: 7,
  backlogSeries: [0, 1, 2, 3, 4].map((i) => ({ at: new Date(T0 + i * H).toISOString(), trucks: [3, 9, 12, 7, 7][i]! })),
  holdsMs: { quarantine: { p50: 55 * 60_000, p90: 120 * 60_000, count: 3, totalMs: 4 * H } },
};

