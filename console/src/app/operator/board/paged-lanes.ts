/**
 * The first render of a large gate, paged (issue 15): a board of 200 lanes draws the lanes an
 * operator can see at once first, then the rest when the browser is idle, so neither the first
 * paint nor the delta that follows waits behind 200 cards that nobody sees yet.
 */
import { useEffect, useState } from 'react';

/** Card width and the smallest card height on the board (lane-board.css: 22rem wide, ≥ ~10rem tall). */
const CARD_WIDTH_PX = 22 * 16 + 14;
const CARD_MIN_HEIGHT_PX = 160;
/** Even a phone gets a few lanes at once. */
const MIN_FIRST_PAGE = 8;

/**
 * How many lanes fill a viewport of `width`×`height` px, with a row to spare below (an
 * overestimate: the cards are taller than the smallest). Pure, so it is unit-tested.
 *
 * @example firstPageSize(1600, 1000) // 32
 */
export function firstPageSize(width: number, height: number): number {
  const columns = Math.max(1, Math.floor(width / CARD_WIDTH_PX));
  const rows = Math.ceil(height / CARD_MIN_HEIGHT_PX) + 1;
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
 * How many of `total` lanes to draw now: the first page, then one more page each time the
 * browser is idle (one page per task: mounting 170 cards at once is itself a long task). Once
 * all are drawn it stays so (a lane added later shows at once).
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
    return whenIdle(() => setCount((c) => c + firstPage));
  }, [done, count, firstPage]);
  return done ? total : count;
}
