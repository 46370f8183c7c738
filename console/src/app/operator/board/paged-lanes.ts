/**
 * The first render of a large gate, paged (issue 15): a board of 200 lanes draws the lanes an
 * operator can see at once first, then the rest when the browser is idle, a few cards per render,
 * so neither the first paint nor the delta that follows waits behind cards that nobody sees yet.
 */
import { startTransition, useEffect, useState } from 'react';

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
 * Lanes added per render. A render that mounts 32 cards was itself a long task (> 50 ms on the
 * operator's PC: React's work, then the layout and paint of the new cards), so the first page
 * comes in steps too, each a transition: React renders it in slices between other work, and a
 * delta that arrives meanwhile is drawn first.
 */
export const LANES_PER_STEP = 8;

/**
 * How many of `total` lanes to draw now: a step of lanes, then a step more after each commit up
 * to the first page (at once), and then one more step each time the browser is idle, so no
 * render mounts many cards at once. Once all are drawn it stays so (a lane added later shows at
 * once).
 *
 * @example
 * const shown = usePagedCount(lanes.length);
 * lanes.slice(0, shown).map(…)
 */
export function usePagedCount(total: number, firstPage = firstPageSize(globalThis.innerWidth ?? 1600, globalThis.innerHeight ?? 1000)): number {
  const [count, setCount] = useState(Math.min(LANES_PER_STEP, firstPage));
  const done = count >= total;
  useEffect(() => {
    if (done) return;
    const grow = () => startTransition(() => setCount((c) => c + LANES_PER_STEP));
    if (count < firstPage) {
      grow();
      return;
    }
    return whenIdle(grow);
  }, [done, count, firstPage]);
  return done ? total : count;
}
