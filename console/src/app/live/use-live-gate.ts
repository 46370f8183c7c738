/** The lane board's live state for one gate. */
import type { GateBoard } from './gate-board.ts';
import { gateProjector } from './projectors.ts';
import { useLiveFeed, type LiveFeedView, type UseLiveFeedOptions } from './use-live-feed.ts';

/**
 * Deltas move trucks exactly, but the scheduler's projected call order is only in snapshots:
 * after changes the board quietly asks for a fresh one, at most this often.
 */
export const GATE_REFRESH_MS = 15_000;

/**
 * @example
 * const { data: board, connection } = useLiveGate('KT');
 */
export function useLiveGate(gate: string, options: UseLiveFeedOptions<GateBoard> = {}): LiveFeedView<GateBoard> {
  return useLiveFeed({ gate }, gateProjector, { refreshAfterChangeMs: GATE_REFRESH_MS, ...options });
}
