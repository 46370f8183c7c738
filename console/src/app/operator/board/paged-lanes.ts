/**
 * The first render of a large gate, paged (issue 15): a board of 200 lanes draws the lanes an
 * operator can see at once first, then the rest when the browser is idle, a few cards per render,
 * so neither the first paint nor the delta that follows waits behind cards that nobody sees yet.
 */
import { startTransition, useEffect, useState } from 'react';

/**
 * Card width, and the height of the smallest card (lane-board.css): a lane with no truck, nobody
 * waiting and no actions (a manager's view) is ~250 px; a busy operator's card is ~610 px at 1600 px.
 */
const CARD_WIDTH_PX = 22 * 16 + 14;
const CARD_MIN_HEIGHT_PX = 260;
/** Even a phone gets a few lanes at once. */
const MIN_FIRST_PAGE = 8;

/**
 * How many lanes fill a viewport of `width`×`height` px: as many rows of the smallest card as the
 * whole viewport holds, an overestimate already (the page's head and the summary take the top;
 * the cards are taller). No more: every card of the first page is laid out and painted in the task
 * that first shows the board (32 cards, most of them below the fold, were a 40–70 ms layout), and
 * the rest follow a step per idle moment. Pure, so it is unit-tested.
 *
 * @example firstPageSize(1600, 1000) // 16
 */
export function firstPageSize(width: number, height: number): number {
  const columns = Math.max(1, Math.floor(width / CARD_WIDTH_PX));
  const rows = Math.ceil(height / CARD_MIN_HEIGHT_PX);
  return Math.max(MIN_FIRST_PAGE, columns * rows);
}

type Idle = (callback: () => void, options: { timeout: number }) => number;

/** Runs `callback` when the browser is idle (at most `timeoutMs` later); a timer where there is no requestIdleCallback. */
export function whenIdle(callback: () => void, timeoutMs = 500): () => void {
  const w = globalThis as unknown as { requestIdleCallback?: Idle; cancelIdleCallback?: (id: number) => void };
  if (typeof w.requestIdleCallback === 'function') {
    const id = w.requestIdleCallback(callback, { timeout: timeoutMs });
    return () => w.cancelIdleCallback?.(id);
  }
  const id = setTimeout(callback, 0);
  return () => clearTimeout(id);
}

/**
 * Lanes added per render once the first page is drawn. Mounting a page of 32 more cards in one
 * render was a long task (60–190 ms at load 20: React's work, then their layout and paint), so the
 * rest come a few at a time, each a transition: React renders it in slices, and a delta that
 * arrives meanwhile is drawn first. (Steps for the first page too, per frame or per transition,
 * cost 300–700 ms of initial render: the steps waited behind the snapshot's pages and trip reads.)
 */
export const LANES_PER_STEP = 8;

/**
 * How many of `total` lanes to draw now: the first page, then a step more each time the browser
 * is idle, so no later render mounts many cards at once. Once all are drawn it stays so (a lane
 * added later shows at once).
 *
 * @example
 * const shown = usePagedCount(lanes.length);
 * lanes.slice(0, shown).map(…)
 */
export function usePagedCount(total: number, firstPage = firstPageSize(globalThis.innerWidth ?? 1600, globalThis.innerHeight ?? 1000)): number {
  const [count, setCount] = useState(firstPage);
  const done = count >= total;
  useEffect(() => {
    if (done) return;
    return whenIdle(() => startTransition(() => setCount((c) => c + LANES_PER_STEP)));
  }, [done, count]);
  return done ? total : count;
}
