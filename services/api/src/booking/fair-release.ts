/**
 * Fair release (DESIGN.md "Slots"; Kazakhstan's bots took slots within milliseconds): the slots of
 * a local day open together at a published time, `horizonDays` before it at `releaseHour`. For
 * `releaseWindowMs` after that, requests are only collected (one per trip); then they are drawn in
 * a random order (`drawOrder`, seeded by the requests themselves, so anyone can replay it) and
 * booked through the ledger in that order, with its usual capacity, holds and quotas. Asking before
 * the release is refused and asking in the first millisecond of the window gains nothing.
 * PostgreSQL keeps the record (release_requests, release_draws): a Redis loss loses no collected
 * request and no seed; Redis only remembers a drawn seed for the booking path's quick check.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { HOUR_MS, bookingBreak, drawOrder } from '@borderflow/scheduler';
import { AppError } from '../app-error.ts';
import type { Principal } from '../auth/jwt.ts';
import { bookingError, slotRuleError } from './booking-messages.ts';
import type { Bookings } from './booking-service.ts';
import { planOf } from './capacity-service.ts';
import { localDateHour, localMidnightOf } from './local-time.ts';
import { tripToBook } from './trip-to-book.ts';
import { REFUSALS } from '../http/refusal-words.ts';

const DAY_MS = 24 * HOUR_MS;

/** When the slots of a local date open and when their collection window closes (the draw). */
export interface Release {
  date: string;
  releaseAt: number;
  drawAt: number;
}

/** A request collected for a draw, and what the draw gave it. */
export interface ReleaseRequest {
  requestId: string;
  tripId: string;
  slotStart: string;
  accountId: string;
  outcome?: 'booked' | 'refused';
  bookingId?: string;
  rule?: string;
}

/** The release of the local date `date` at a gate in timezone `tz`. */
export function releaseOfDate(bk: Bookings, date: string, tz: string): Release {
  const releaseAt = localMidnightOf(date, tz) - bk.rules.horizonDays * DAY_MS + bk.rules.releaseHour * HOUR_MS;
  return { date, releaseAt, drawAt: releaseAt + bk.rules.releaseWindowMs };
}

/** The release of the day holding `slotStart`. */
export async function releaseOf(bk: Bookings, gate: string, slotStart: number): Promise<Release> {
  const { timezone } = await planOf(bk.ctx, gate);
  return releaseOfDate(bk, localDateHour(slotStart, timezone).date, timezone);
}

const seedKey = (bk: Bookings, gate: string, date: string) => `${bk.ctx.prefix}booking:{g:${gate}}:release:${date}:seed`;

/** The seed of a drawn release, or null while it is not drawn (Redis first, the database on a miss). */
async function seedOf(bk: Bookings, gate: string, date: string): Promise<string | null> {
  const cached = await bk.ctx.redis.get(seedKey(bk, gate, date));
  if (cached !== null) return cached;
  const drawn = await bk.ctx.db.releaseDraw.findUnique({ where: { gateCode_date: { gateCode: gate, date } }, select: { seed: true } });
  if (drawn) await bk.ctx.redis.set(seedKey(bk, gate, date), drawn.seed);
  return drawn?.seed ?? null;
}

/**
 * Refuses a booking (or a move, or a wait) of a slot whose day is not released yet, or whose
 * release is still collecting requests for its draw. Returns the release's time for the horizon rule.
 */
export async function refuseUntilDrawn(bk: Bookings, req: Request | undefined, gate: string, slotStart: number, now: number, drawn = false): Promise<Release> {
  const rel = await releaseOf(bk, gate, slotStart);
  if (now < rel.releaseAt) throw bookingError(req, 'CONFLICT', 'not_released', 'slotStart', { date: rel.date, at: new Date(rel.releaseAt).toISOString() });
  if (!drawn && now >= rel.releaseAt && now < rel.drawAt && (await seedOf(bk, gate, rel.date)) === null) {
    throw bookingError(req, 'CONFLICT', 'release_draw', 'slotStart', { date: rel.date, drawAt: new Date(rel.drawAt).toISOString() });
  }
  return rel;
}

type RequestRow = Awaited<ReturnType<Bookings['ctx']['db']['releaseRequest']['findMany']>>[number];

const requestOf = (r: RequestRow): ReleaseRequest => ({
  requestId: r.requestId, tripId: r.tripId, slotStart: r.slotStart, accountId: r.accountId,
  ...(r.outcome ? { outcome: r.outcome as 'booked' | 'refused' } : {}),
  ...(r.bookingId ? { bookingId: r.bookingId } : {}),
  ...(r.rule ? { rule: r.rule } : {}),
});

/**
 * Enters a request in the draw of the slot's day (one per trip; asking again answers the first).
 *
 * @example await requestInDraw(bk, who, 'KT', { tripId, slotStart }, req) // { requestId, drawAt, … }
 */
export async function requestInDraw(bk: Bookings, who: Principal, gate: string, input: { tripId: string; slotStart: string }, req?: Request, now = Date.now()) {
  const slotStart = Date.parse(input.slotStart);
  // The slot rules a booking meets (on the hour, not started, not within the cut-off) hold for the
  // draw too: a request that could never be booked is refused now, not at the draw. The day's
  // release stands in for the horizon.
  const br = bookingBreak(slotStart, now, bk.rules, Number.NEGATIVE_INFINITY);
  if (br) throw slotRuleError(req, br, bk.rules);
  const rel = await releaseOf(bk, gate, slotStart);
  if (now < rel.releaseAt) throw bookingError(req, 'CONFLICT', 'not_released', 'slotStart', { date: rel.date, at: new Date(rel.releaseAt).toISOString() });
  if (now >= rel.drawAt || (await seedOf(bk, gate, rel.date)) !== null) throw bookingError(req, 'CONFLICT', 'release_closed', 'slotStart', { date: rel.date });
  const trip = await tripToBook(bk.ctx.db, input.tripId);
  if (!trip || trip.createdById !== who.id || trip.gateCode !== gate) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  if (trip.state !== 'registered') throw bookingError(req, 'TRIP_WRONG_STATE', 'trip_state', 'tripId', { state: trip.state });
  // The first request of a trip is kept (skipDuplicates on the primary key gate, date, trip).
  await bk.ctx.db.releaseRequest.createMany({
    data: [{ gateCode: gate, date: rel.date, tripId: input.tripId, requestId: crypto.randomUUID(), slotStart: new Date(slotStart).toISOString(), accountId: who.id, drawAt: new Date(rel.drawAt) }],
    skipDuplicates: true,
  });
  const kept = await bk.ctx.db.releaseRequest.findUniqueOrThrow({ where: { gateCode_date_tripId: { gateCode: gate, date: rel.date, tripId: input.tripId } } });
  return { ...requestOf(kept), date: rel.date, drawAt: new Date(rel.drawAt).toISOString(), state: 'collecting' as const };
}

/**
 * Draws a release whose window closed (once, whichever process gets there first: the draw's row
 * is the lock): requests in the seeded random order, each booked through `book` (the ledger
 * decides capacity, holds and quotas), each outcome recorded. Returns the seed, or null when the
 * window is still open.
 */
export async function drawRelease(
  bk: Bookings, gate: string, date: string,
  book: (who: Principal, input: { tripId: string; slotStart: string }) => Promise<{ id: string }>,
  now = Date.now(),
): Promise<string | null> {
  const { timezone } = await planOf(bk.ctx, gate);
  const rel = releaseOfDate(bk, date, timezone);
  if (now < rel.drawAt) return null;
  const rows = await bk.ctx.db.releaseRequest.findMany({ where: { gateCode: gate, date } });
  const requests = rows.map(requestOf);
  // The seed is fixed by the requests themselves (ids the server gave, unknown to callers in advance).
  const seed = createHash('sha256').update(`${gate}|${date}|${requests.map((r) => r.requestId).sort().join(',')}`).digest('hex');
  const won = await bk.ctx.db.releaseDraw.createMany({ data: [{ gateCode: gate, date, seed }], skipDuplicates: true });
  if (won.count !== 1) return seedOf(bk, gate, date);
  await bk.ctx.redis.set(seedKey(bk, gate, date), seed);
  for (const r of drawOrder(requests, seed)) {
    try {
      const b = await book({ id: r.accountId, username: '', role: 'driver' }, { tripId: r.tripId, slotStart: r.slotStart });
      Object.assign(r, { outcome: 'booked', bookingId: b.id });
    } catch (err) {
      Object.assign(r, { outcome: 'refused', rule: (err as { rule?: string }).rule ?? 'refused' });
    }
    await bk.ctx.db.releaseRequest.update({
      where: { gateCode_date_tripId: { gateCode: gate, date, tripId: r.tripId } },
      data: { outcome: r.outcome ?? null, bookingId: r.bookingId ?? null, rule: r.rule ?? null },
    });
  }
  return seed;
}

/** Dates of a gate whose draw is due by `now` (requests collected, window closed, not drawn). */
export async function dueReleases(bk: Bookings, gate: string, now = Date.now()): Promise<string[]> {
  // Requests without an outcome are undrawn (or their draw stopped halfway: its row says so).
  const due = (await bk.ctx.db.releaseRequest.findMany({ where: { gateCode: gate, outcome: null, drawAt: { lte: new Date(now) } }, distinct: ['date'], select: { date: true } })).map((d) => d.date);
  if (due.length === 0) return [];
  const drawn = new Set((await bk.ctx.db.releaseDraw.findMany({ where: { gateCode: gate, date: { in: due } }, select: { date: true } })).map((d) => d.date));
  return due.filter((d) => !drawn.has(d)).sort();
}

/** A release with the caller's requests and, once drawn, its seed (to replay the order). */
export async function releaseView(bk: Bookings, who: Principal, gate: string, date: string) {
  const { timezone } = await planOf(bk.ctx, gate);
  const rel = releaseOfDate(bk, date, timezone);
  const [seed, mine] = await Promise.all([
    seedOf(bk, gate, date),
    bk.ctx.db.releaseRequest.findMany({ where: { gateCode: gate, date, accountId: who.id }, orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    gate, date, releaseAt: new Date(rel.releaseAt).toISOString(), drawAt: new Date(rel.drawAt).toISOString(),
    windowSeconds: bk.rules.releaseWindowMs / 1000, drawn: seed !== null, seed, requests: mine.map(requestOf),
  };
}
