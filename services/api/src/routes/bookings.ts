/**
 * Slot booking routes: a driver (or a forwarder's dispatcher, a driver account of the company)
 * books, moves and cancels; operators cancel with a reason and waive suspensions; managers publish
 * the capacity plan and read slot use; anyone reads the free slots of a day.
 */
import { PUBLIC_SLOTS_TTL_S, ROUTES } from '@borderflow/contracts';
import { createHash } from 'node:crypto';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp } from '../audit/audit-log.ts';
import type { RouteBudget } from '../http/request-rate-limit.ts';
import { bookingsOf } from '../booking/arrival.ts';
import { bookSlot, cancelBooking, myBookings, rescheduleBooking, suspensionOf, waiveSuspension } from '../booking/booking-service.ts';
import { availability, planOf, publishPlan } from '../booking/capacity-service.ts';
import { slotUse } from '../booking/slot-use.ts';
import { drawRelease, releaseView, requestInDraw, releaseOfDate } from '../booking/fair-release.ts';
import { acceptOffer, joinWaitlist, leaveWaitlist, myWaitlist } from '../booking/waitlist-service.ts';
import { matchesEtag } from './public-waits.ts';

/** Booking requests one account may send a minute (bots ask thousands of times; a person a few). */
const BOOKING_PER_ACCOUNT_MIN = Number(process.env.BOOKING_RATE_PER_MINUTE) || 30;

export function bookingRoutes(api: ApiRouter, ctx: ApiContext): void {
  const bk = bookingsOf(ctx);
  // Its own budget, apart from the general one: booking is what bots hammer.
  const budget: RouteBudget = { name: 'booking', perAccount: BOOKING_PER_ACCOUNT_MIN, windowMs: 60_000 };

  api.route(ROUTES.bookSlot, {
    permission: 'booking.create',
    budget,
    handler: ({ body, req }) => bookSlot(bk, principalOf(req), body, req),
  });
  api.route(ROUTES.listBookings, {
    permission: 'booking.list',
    handler: ({ req }) => myBookings(bk, principalOf(req)),
  });
  api.route(ROUTES.rescheduleBooking, {
    permission: 'booking.reschedule',
    budget,
    handler: ({ params, body, req }) => rescheduleBooking(bk, principalOf(req), params.bookingId, body.slotStart, req),
  });
  api.route(ROUTES.cancelBooking, {
    permission: 'booking.cancel',
    handler: ({ params, body, req }) => cancelBooking(bk, principalOf(req), params.bookingId, body.reason, req),
  });
  api.route(ROUTES.joinWaitlist, {
    permission: 'waitlist.join',
    budget,
    handler: ({ params, body, req }) => joinWaitlist(bk, principalOf(req), params.gate, body, req),
  });
  api.route(ROUTES.myWaitlist, {
    permission: 'waitlist.list',
    handler: ({ params, req }) => myWaitlist(bk, principalOf(req), params.gate),
  });
  api.route(ROUTES.acceptWaitlistOffer, {
    permission: 'waitlist.accept',
    budget,
    handler: ({ params, req }) => acceptOffer(bk, principalOf(req), params.gate, params.entryId, req),
  });
  api.route(ROUTES.leaveWaitlist, {
    permission: 'waitlist.leave',
    handler: ({ params, req }) => leaveWaitlist(bk, principalOf(req), params.gate, params.entryId),
  });
  api.route(ROUTES.requestSlotRelease, {
    permission: 'release.request',
    budget,
    handler: ({ params, body, req }) => requestInDraw(bk, principalOf(req), params.gate, body, req),
  });
  api.route(ROUTES.readSlotRelease, {
    permission: 'release.read',
    handler: async ({ params, req }) => {
      // A due draw runs here too, so the answer never waits for the sweep.
      await drawRelease(bk, params.gate, params.date, (who, input) => bookSlot(bk, who, input, undefined, Date.now(), true));
      return releaseView(bk, principalOf(req), params.gate, params.date);
    },
  });
  api.route(ROUTES.bookingSuspension, {
    permission: 'booking.suspension',
    handler: ({ params }) => suspensionOf(bk, params.driverId),
  });
  api.route(ROUTES.waiveSuspension, {
    permission: 'booking.waive',
    handler: ({ body, req }) => waiveSuspension(bk, principalOf(req), body.driverId, body.reason, clientIp(req)),
  });
  api.route(ROUTES.readCapacityPlan, {
    permission: 'capacity-plan.read',
    handler: async ({ params }) => {
      const { plan, version, timezone } = await planOf(ctx, params.gate, 0);
      return { gate: params.gate, version, timezone, plan };
    },
  });
  api.route(ROUTES.publishCapacityPlan, {
    permission: 'capacity-plan.write',
    handler: ({ params, body, req }) => publishPlan(ctx, bk.ledger, principalOf(req), params.gate, body, clientIp(req)),
  });
  api.route(ROUTES.slotUse, {
    permission: 'booking.stats',
    handler: ({ params, query }) => slotUse(bk, params.gate, query.date),
  });

  const cache = new Map<string, { body: unknown; etag: string; expiresAt: number }>();
  api.route(ROUTES.publicSlots, {
    permission: 'public.slots',
    handler: async ({ params, query, req, res }) => {
      const key = `${params.gate}|${query.date}`;
      const now = Date.now();
      let hit = cache.get(key);
      if (!hit || hit.expiresAt <= now) {
        const body = await availability(ctx, bk.ledger, params.gate, query.date, bk.rules.cutoffMs, (tz) => releaseOfDate(bk, query.date, tz));
        hit = { body, etag: `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`, expiresAt: now + PUBLIC_SLOTS_TTL_S * 1000 };
        if (cache.size > 1000) cache.clear();
        cache.set(key, hit);
      }
      // A browser keeps its copy no longer than this process keeps the cached answer: a full max-age on an answer
      // cached seconds ago would show an hour as free after the feed already says it is taken.
      res.set({ 'Cache-Control': `public, max-age=${Math.max(0, Math.floor((hit.expiresAt - now) / 1000))}`, ETag: hit.etag, 'Access-Control-Allow-Origin': '*' });
      if (matchesEtag(req.headers['if-none-match'], hit.etag)) {
        res.status(304).end();
        return undefined;
      }
      return hit.body;
    },
  });
}
