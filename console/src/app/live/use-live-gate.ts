/** The lane board's live state for one gate. */
import type { GateBoard } from './gate-board.ts';
import { gateProjector } from './projectors.ts';
import { useLiveFeed, type LiveFeedView, type UseLiveFeedOptions } from './use-live-feed.ts';

/**
 * @example
 * const { data: board, connection } = useLiveGate('KT');
 */
export function useLiveGate(gate: string, options: UseLiveFeedOptions<GateBoard> = {}): LiveFeedView<GateBoard> {
  // No periodic snapshot: deltas carry the server's order and ETAs; a snapshot only after a gap.
  return useLiveFeed({ gate }, gateProjector, options);
}
