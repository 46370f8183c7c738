/** The lane board's live state for one gate. */
import type { GateBoard } from './gate-board.ts';
import { gateProjector } from './projectors.ts';
import { useLiveFeed, type LiveFeedView, type UseLiveFeedOptions } from './use-live-feed.ts';

export interface UseLiveGateOptions extends UseLiveFeedOptions<GateBoard> {
  /**
   * The snapshot in pages (snapshot-pages.ts): the board is drawn from its head (every lane and
   * its next trucks) while the rest of the queues come. For views that need only each lane's next
   * trucks and the queue lengths (the lane board), not the whole queues (the queue page, the map).
   */
  paged?: boolean;
}

/**
 * @example
 * const { data: board, connection } = useLiveGate('KT', { paged: true });
 */
export function useLiveGate(gate: string, { paged, ...options }: UseLiveGateOptions = {}): LiveFeedView<GateBoard> {
  // No periodic snapshot: deltas carry the server's order and ETAs; a snapshot only after a gap.
  // `batch`: a burst of events comes as one message (one parse, one write per board on the server).
  return useLiveFeed(paged ? { gate, paged: true, batch: true } : { gate, batch: true }, gateProjector, options);
}
