/**
 * The booking side's timer, in every API process (each step is safe to run from several at once:
 * the ledger's Lua steps and the database's guarded updates decide): missed slots become no-shows
 * and free the ledger, offers to waiting drivers that ran out pass to the next in line, and
 * releases whose collection window closed are drawn. Reads stay correct without it (each runs
 * lazily before the decisions that need it); the timer makes it happen on time.
 */
import type { ApiContext } from '../context.ts';
import { bookingsOf } from './arrival.ts';
import { bookSlot, sweepNoShows, sweepPending } from './booking-service.ts';
import { drawRelease, dueReleases } from './fair-release.ts';
import { expireOffers } from './waitlist-service.ts';

/** One pass over every gate; returns what it did. */
export async function sweepBookings(ctx: ApiContext, now = Date.now()): Promise<{ noShows: number; offersExpired: number; draws: number }> {
  const bk = bookingsOf(ctx);
  const noShows = await sweepNoShows(bk, now);
  // Bookings left pending by a request that died between its row and its activation.
  await sweepPending(bk, now);
  let offersExpired = 0;
  let draws = 0;
  for (const gate of ctx.schedulers.keys()) {
    // A ledger Redis lost comes back from the database before anything reads it.
    await bk.ledger.ensure(ctx.db, gate);
    offersExpired += await expireOffers(bk, gate, now);
    await bk.ledger.recordEntries(gate, await bk.ledger.openOffers(gate));
    for (const date of await dueReleases(bk, gate, now)) {
      if (await drawRelease(bk, gate, date, (who, input) => bookSlot(bk, who, input, undefined, now, true), now)) draws++;
    }
  }
  return { noShows, offersExpired, draws };
}

/**
 * Builds each gate's ledger from the database before the process takes its first request, when
 * Redis does not hold it (a fresh or flushed Redis; a ledger already there is left as it is). Left
 * to the first booking step, the rebuild (~15 ms) fell inside a release storm's first wave, every
 * request of which waited for it (issue 12). It is the sweep's own `ensure`, run earlier: safe
 * beside other processes' bookings for the same reason (the rebuild lock and the built marker).
 * A failure is logged and leaves the lazy rebuild to the first step, as before.
 *
 * @example await buildLedgers(ctx); server.listen(…)
 */
export async function buildLedgers(ctx: ApiContext): Promise<void> {
  const bk = bookingsOf(ctx);
  await Promise.all([...ctx.schedulers.keys()].map((gate) =>
    bk.ledger.ensure(ctx.db, gate).catch((err: unknown) => ctx.logger.warn({ err, gate }, 'booking ledger build failed'))));
}

/**
 * Runs `sweepBookings` every `intervalMs` (BOOKING_SWEEP_SECONDS, default 30) until stopped.
 *
 * @example const sweep = startBookingSweep(ctx, 30_000); … sweep.stop();
 */
export function startBookingSweep(ctx: ApiContext, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a slow pass is never doubled up
    running = sweepBookings(ctx)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'booking sweep failed'))
      .finally(() => { running = null; });
  }, intervalMs);
  timer.unref();
  // A Redis that restarted empty (or a failover to a replica behind) is seen on reconnecting.
  // The first connection's is built by the platform before it listens (`buildLedgers`).
  const bk = bookingsOf(ctx);
  let connected = ctx.redis.status === 'ready';
  const onReady = () => {
    if (!connected) {
      connected = true;
      return;
    }
    for (const gate of ctx.schedulers.keys()) {
      bk.ledger.ensure(ctx.db, gate).catch((err: unknown) => ctx.logger.warn({ err, gate }, 'booking ledger rebuild failed'));
    }
  };
  ctx.redis.on('ready', onReady);
  return {
    async stop() {
      ctx.redis.off('ready', onReady);
      clearInterval(timer);
      await running;
    },
  };
}
