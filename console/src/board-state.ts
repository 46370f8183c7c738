/**
 * The lane board's model (snapshot + deltas → what is shown), re-exported
 * from public/board-state.js, which the browser loads as-is.
 */
export { applyEvent, classifyDelta, fromSnapshot, nextInLine, queueLengths } from '../public/board-state.js';
export type { BoardQueueEntry, BoardState } from '../public/board-state.js';
