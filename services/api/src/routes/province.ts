/**
 * /v1/province — the province's data platform (LGSP / IOC) pulls gate statistics and anonymised trip
 * events with a data-consumer key (routes/data-consumers.ts). Rate-limited per consumer like any account
 * (the api router's per-account budget); events page by cursor. No personal data: province-feed.ts.
 */
import { ROUTES, PROVINCE_LICENCE } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { encodeCursor } from '../http/list-query.ts';
import { provinceEvent, provinceHourly } from '../province/province-feed.ts';
import { loadProvinceWindow, readEventPage } from '../province/province-source.ts';
import { loadPseudonymSecret } from '../province/pseudonym.ts';
import { REFUSALS } from '../http/refusal-words.ts';

const DAY = 24 * 3_600_000;
/** Longest window one request may ask for (the events are read into memory). */
const MAX_WINDOW = 31 * DAY;
/** Events are paged by their gate sequence number (the log is append-only; fresh gaps hold a page back: readEventPage). */
const EVENT_SORT = 'seq';

export function provinceRoutes(api: ApiRouter, ctx: ApiContext): void {
  // Read once, on first use: a deployment without province consumers never needs the secret.
  let secret: string | undefined;
  const pseudonymSecret = () => {
    try {
      return (secret ??= ctx.provincePseudonymSecret ?? loadPseudonymSecret(process.env));
    } catch (err) {
      // Production without PROVINCE_PSEUDONYM_SECRET: the feed is off (a configuration fault, not a 500).
      ctx.logger.error({ err }, 'province feed: no pseudonym secret');
      throw AppError.worded('UNAVAILABLE', REFUSALS.provinceFeedOff);
    }
  };

  api.route(ROUTES.provinceHourlyStats, {
    permission: 'province.stats',
    handler: async ({ params, query }) => {
      schedulerOf(ctx, params.gate);
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      if (from >= to) throw AppError.worded('VALIDATION_FAILED', REFUSALS.fromBeforeTo, 'from');
      if (to - from > MAX_WINDOW) throw AppError.worded('VALIDATION_FAILED', REFUSALS.windowTooLong, 'from');
      const { events, waitingAtStart } = await loadProvinceWindow(ctx.db, params.gate, from, to);
      return provinceHourly(params.gate, events, { from, to }, waitingAtStart);
    },
  });

  api.route(ROUTES.provinceTripEvents, {
    permission: 'province.events',
    handler: async ({ params, query }) => {
      schedulerOf(ctx, params.gate);
      const cursor = query.cursor;
      if (cursor && (cursor.sort !== EVENT_SORT || !/^\d{1,12}$/.test(cursor.id))) {
        throw AppError.worded('VALIDATION_FAILED', REFUSALS.feedCursor, 'cursor');
      }
      const page = await readEventPage(ctx.db, params.gate, {
        afterSeq: cursor ? Number(cursor.id) : null,
        since: query.updatedSince ? new Date(query.updatedSince) : null,
        limit: query.limit,
        now: Date.now(),
      });
      const events = page.events.flatMap((e) => provinceEvent(pseudonymSecret(), e) ?? []);
      // Like trips' updatedSince sync: the feed never ends, the cursor is where the next poll resumes.
      const nextCursor = page.last
        ? encodeCursor({ sort: EVENT_SORT, value: page.last.at.toISOString(), id: String(page.last.seq) })
        : cursor
          ? encodeCursor(cursor)
          : null;
      return { events, nextCursor, licence: { ...PROVINCE_LICENCE } };
    },
  });
}
