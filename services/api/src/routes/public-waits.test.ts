/**
 * The public feed over HTTP: no token, cache headers and ETag revalidation;
 * its figures after real check-ins (read through `readPublicWaits`, since the
 * HTTP answer is deliberately cached).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPublicWaitsResponseSchema, type PublicWaitsResponse } from '@borderflow/contracts';
import { gateTime } from '../stats/gate-time.ts';
import { startTestApi, testApiContext, type TestApi } from '../testing/test-api.ts';
import { tripRequest } from '../testing/trip-fixtures.ts';
import { matchesEtag, PUBLIC_WAITS_TTL_S, readPublicWaits } from './public-waits.ts';

let t: TestApi;
let checkedInBy = 0;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

const exitOf = (feed: PublicWaitsResponse) => feed.gates.find((g) => g.gate === 'KT')!.directions.find((d) => d.direction === 'exit')!;

describe('GET /v1/public/waits', () => {
  it('answers without a token, per gate and direction, with cache headers and an ETag', async () => {
    const first = await t.call('GET', '/v1/public/waits');
    expect(first.status).toBe(200);
    const feed = ZPublicWaitsResponseSchema.parse(first.body);
    expect(feed.maxAgeSeconds).toBe(PUBLIC_WAITS_TTL_S);
    const kt = feed.gates.find((g) => g.gate === 'KT')!;
    expect(kt.name).toMatch(/Kim Thành/);
    expect(kt.directions.map((d) => d.direction)).toEqual(['exit', 'entry']);
    expect(exitOf(feed)).toMatchObject({ lanesTotal: 3, lanesOpen: 3, downstreamCapPerHour: 60, queueLength: 0 });
    expect(kt.directions[1]).toMatchObject({ lanesTotal: 3, downstreamCapPerHour: null });
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    // Within the TTL the same computed feed is served; a revalidation costs nothing.
    const again = await t.call('GET', '/v1/public/waits');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.body.generatedAt).toBe(feed.generatedAt);
    const revalidated = await t.call('GET', '/v1/public/waits', { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBeNull();
  });

  it('counts the line, the trucks called and estimates the wait from live state and history', async () => {
    const [driver, operator] = await Promise.all([t.token('driver1'), t.token('operator1')]);
    // Two exit lanes serve ordinary trucks' documents: four trucks = two called, two waiting.
    for (let i = 0; i < 4; i++) {
      const trip = await t.call('POST', '/v1/trips', { token: driver, body: tripRequest() });
      expect(trip.status, JSON.stringify(trip.body)).toBe(201);
      const checkIn = await t.call('POST', '/v1/gates/KT/check-ins', { token: operator, body: { plate: trip.body.vehicle.plate } });
      expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    }
    checkedInBy = Date.now();
    const ctx = testApiContext(t);
    // The history half counts call-ups once the persist consumer has stored them.
    await expect.poll(async () => exitOf(await readPublicWaits(ctx, Date.now())).recentWaitMs.count, { timeout: 10_000 }).toBe(2);
    const exit = exitOf(ZPublicWaitsResponseSchema.parse(await readPublicWaits(ctx, Date.now())));
    expect(exit).toMatchObject({ queueLength: 2, called: 2, basis: 'live_and_history' });
    expect(exit.liveWaitMs!.p50).toBeGreaterThan(0);
    expect(exit.waitMinByClass, JSON.stringify(exit)).toMatchObject({ ordinary: { basis: 'live' } });
    expect(exit.waitMs.p50).toBe(exit.waitMinByClass.ordinary.expectedMin! * 60_000);
    expect(exit.waitMs.p90).toBeGreaterThanOrEqual(exit.waitMs.p50!);
  });
});

describe('GET /v1/gates/:gate/stats backlog over time', () => {
  it('starts from the trucks already waiting when the window opens', async () => {
    const manager = await t.token('manager1');
    const from = new Date(checkedInBy + 1).toISOString();
    const to = new Date(checkedInBy + 120_000).toISOString();
    const stats = async () => {
      const r = await t.call('GET', `/v1/gates/KT/stats?from=${from}&to=${to}`, { token: manager });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    // The four trucks checked in above (two called, two queued) were waiting before `from`
    // (once the persist consumer has stored their events).
    await expect.poll(async () => (await stats()).backlogSeries[0], { timeout: 10_000 }).toEqual({ at: gateTime(Date.parse(from)), trucks: 4 });
    const r = { body: await stats() };
    expect(r.body.backlogSeries.at(-1)).toEqual({ at: gateTime(Date.parse(to)), trucks: 4 });
  });
});

describe('matchesEtag', () => {
  it('accepts lists, weak forms and *', () => {
    expect(matchesEtag('W/"abc", "def"', '"abc"')).toBe(true);
    expect(matchesEtag('"def"', '"abc"')).toBe(false);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});
