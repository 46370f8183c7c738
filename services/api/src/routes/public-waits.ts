/**
 * GET /v1/public/waits — unauthenticated, cached wait times per gate and
 * direction (see stats/direction-waits.ts for the estimate). Anyone may poll
 * it (drivers, forwarders, the LED board, other apps), so it is served from an
 * in-process cache for a few seconds and carries Cache-Control and an ETag:
 * a thousand phones cost one scheduler read per TTL per API process.
 */
import {
  PUBLIC_WAITS_TTL_S,
  ROUTES,
  type Advisory,
  type CongestionBand,
  type GateEvent,
  type PublicWaitsResponse,
} from '@borderflow/contracts';

/** The feed's cache time is part of its contract (the route's summary says it). */
export { PUBLIC_WAITS_TTL_S };
import { createHash } from 'node:crypto';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { directionWaits, operationalStatus } from '../stats/direction-waits.ts';

/** Call-ups looked at for the history part of the estimate. */
export const PUBLIC_WAITS_HISTORY_MIN = 60;

/**
 * Lạng Sơn's bands of trucks waiting at a gate.
 *
 * @example congestionBand(499) // 'under_500'
 */
export function congestionBand(trucks: number): CongestionBand {
  return trucks < 500 ? 'under_500' : trucks < 1000 ? '500_to_1000' : trucks <= 5000 ? '1000_to_5000' : 'over_5000';
}

interface CachedFeed {
  body: PublicWaitsResponse;
  etag: string;
  expiresAt: number;
}

/**
 * Reads every gate's live state and recent call-ups into the public feed.
 *
 * @example
 * const feed = await readPublicWaits(ctx, Date.now());
 */
export async function readPublicWaits(ctx: ApiContext, now: number): Promise<PublicWaitsResponse> {
  const codes = [...ctx.schedulers.keys()].sort();
  const gates = await ctx.db.gate.findMany({ where: { code: { in: codes } }, select: { code: true, name: true, timezone: true } });
  const byCode = new Map(gates.map((g) => [g.code, g]));
  const since = new Date(now - PUBLIC_WAITS_HISTORY_MIN * 60_000);
  return {
    generatedAt: new Date(now).toISOString(),
    maxAgeSeconds: PUBLIC_WAITS_TTL_S,
    historyWindowMinutes: PUBLIC_WAITS_HISTORY_MIN,
    gates: await Promise.all(
      codes.map(async (code) => {
        const scheduler = ctx.schedulers.get(code)!;
        const [snapshot, caps, calls, last, laneChanges] = await Promise.all([
          scheduler.snapshot(now),
          scheduler.crossingCaps(),
          ctx.db.gateEvent.findMany({
            where: { gateCode: code, type: 'trip_called', at: { gte: since } },
            select: { payload: true },
          }),
          ctx.db.gateEvent.findFirst({ where: { gateCode: code }, orderBy: { seq: 'desc' }, select: { at: true } }),
          ctx.db.gateEvent.findMany({
            where: { gateCode: code, type: 'lane_status_changed' },
            orderBy: { seq: 'desc' },
            take: 100,
            select: { laneCode: true, at: true, payload: true },
          }),
        ]);
        // An advisory per lane not open: the operator's reason from its latest status change.
        const notOpen = snapshot.lanes.filter((l) => l.status !== 'open');
        const reopens = await scheduler.lanesReopenAt(notOpen.map((l) => l.id));
        const advisories: Advisory[] = notOpen
          .map((l, i) => {
            const change = laneChanges.find((c) => c.laneCode === l.id);
            const detail = ((change?.payload as unknown as GateEvent | undefined)?.detail ?? {}) as Record<string, unknown>;
            const reopensAt = reopens[i] ? new Date(reopens[i]!).toISOString() : null;
            return { laneId: l.id, status: l.status, reason: typeof detail.reason === 'string' ? detail.reason : '', since: (change?.at ?? new Date(now)).toISOString(), reopensAt };
          });
        const open = snapshot.lanes.filter((l) => l.status === 'open').length;
        const portStatus = operationalStatus(open, snapshot.lanes.length);
        const reopenings = advisories.map((a) => a.reopensAt).filter((r): r is string => r !== null).sort();
        const queued = Object.values(snapshot.queues).reduce((n, q) => n + (q?.length ?? 0), 0);
        const waiting = queued + snapshot.lanes.filter((l) => l.occupancy === 'called').length + snapshot.held.length + snapshot.exitQueue.length;
        const gate = byCode.get(code);
        return {
          gate: code,
          name: gate?.name ?? code,
          hours: { timeZone: gate?.timezone ?? 'Asia/Ho_Chi_Minh', nextOpensAt: portStatus === 'closed' ? (reopenings[0] ?? null) : null },
          portStatus,
          advisories,
          congestionBand: congestionBand(waiting),
          updatedAt: last ? last.at.toISOString() : null,
          directions: directionWaits({
            snapshot,
            caps: { exit: caps.exit || 0, entry: caps.entry || 0 },
            recentCalls: calls.map((c) => c.payload as unknown as GateEvent),
            now,
            measuredAt: last?.at.getTime(),
          }),
        };
      }),
    ),
  };
}

/**
 * True when an If-None-Match header names `etag` (lists and weak forms count).
 * Not `req.fresh`: that answers "stale" whenever the request says no-cache,
 * which fetch() adds to every conditional request; the origin may still say 304.
 *
 * @example matchesEtag('W/"abc", "def"', '"abc"'); // true
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function publicWaitsRoutes(api: ApiRouter, ctx: ApiContext): void {
  // Per app, not per module: two platforms in one process (tests) must not share a feed.
  let cached: CachedFeed | null = null;
  let pending: Promise<CachedFeed> | null = null;

  const fresh = async (): Promise<CachedFeed> => {
    const now = Date.now();
    if (cached && cached.expiresAt > now) return cached;
    // One read for every request that misses at the same moment.
    pending ??= readPublicWaits(ctx, now)
      .then((body) => {
        const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
        cached = { body, etag, expiresAt: now + PUBLIC_WAITS_TTL_S * 1000 };
        return cached;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  api.route(ROUTES.publicWaits, {
    permission: 'public.waits',
    handler: async ({ req, res }) => {
      const feed = await fresh();
      const ageS = Math.max(0, Math.round((Date.now() - Date.parse(feed.body.generatedAt)) / 1000));
      res.set({
        'Cache-Control': `public, max-age=${Math.max(0, PUBLIC_WAITS_TTL_S - ageS)}`,
        ETag: feed.etag,
        // Other sites' wait boards may read the feed from the browser.
        'Access-Control-Allow-Origin': '*',
      });
      if (matchesEtag(req.headers['if-none-match'], feed.etag)) {
        res.status(304).end();
        return undefined;
      }
      return feed.body;
    },
  });
}
