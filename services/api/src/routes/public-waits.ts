/**
 * GET /v1/public/waits — unauthenticated, cached wait times per gate and
 * direction (see stats/direction-waits.ts for the estimate). Anyone may poll
 * it (drivers, forwarders, the LED board, other apps), so it is served from an
 * in-process cache for a few seconds and carries Cache-Control and an ETag:
 * a thousand phones cost one scheduler read per TTL per API process.
 */
import { createHash } from 'node:crypto';
import { ZPublicWaitsResponseSchema, type GateEvent, type PublicWaitsResponse } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { directionWaits } from '../stats/direction-waits.ts';

/** Seconds a computed feed is reused (in process) and may be cached by clients and proxies. */
export const PUBLIC_WAITS_TTL_S = 10;
/** Call-ups looked at for the history part of the estimate. */
export const PUBLIC_WAITS_HISTORY_MIN = 60;

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
  const gates = await ctx.db.gate.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } });
  const names = new Map(gates.map((g) => [g.code, g.name]));
  const since = new Date(now - PUBLIC_WAITS_HISTORY_MIN * 60_000);
  return {
    generatedAt: new Date(now).toISOString(),
    maxAgeSeconds: PUBLIC_WAITS_TTL_S,
    historyWindowMinutes: PUBLIC_WAITS_HISTORY_MIN,
    gates: await Promise.all(
      codes.map(async (code) => {
        const scheduler = ctx.schedulers.get(code)!;
        const [snapshot, caps, calls] = await Promise.all([
          scheduler.snapshot(now),
          ctx.redis.hmget(scheduler.keys.meta, 'capExit', 'capEntry'),
          ctx.db.gateEvent.findMany({
            where: { gateCode: code, type: 'trip_called', at: { gte: since } },
            select: { payload: true },
          }),
        ]);
        return {
          gate: code,
          name: names.get(code) ?? code,
          directions: directionWaits({
            snapshot,
            caps: { exit: Number(caps[0] ?? 0) || 0, entry: Number(caps[1] ?? 0) || 0 },
            recentCalls: calls.map((c) => c.payload as unknown as GateEvent),
            now,
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

  api.route({
    method: 'get',
    path: '/v1/public/waits',
    summary: `Public wait times per gate and direction: queue length, estimated wait p50/p90, lanes open, downstream cap (cached ${PUBLIC_WAITS_TTL_S} s, ETag)`,
    tag: 'public',
    access: 'public',
    response: ZPublicWaitsResponseSchema,
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
