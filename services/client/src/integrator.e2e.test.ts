/**
 * Issue 13, "an integrator e2e test": a forwarder's developer with only the published client
 * (`@borderflow/client`) and the guide (docs/api-conventions.md), against a real platform (real
 * Redis, a real database). The company's administrator creates an API key; the key registers 50
 * trips in a batch with an idempotency key each and retries half of them (the originals come back,
 * no trip twice); it pages through the company's trips with a cursor, and syncs incrementally with
 * `updatedSince` (after some trips change, only those come back). The guide's Node snippet is run as
 * is, and its curl calls name routes and bodies the server takes. Step 3 of the issue: the key
 * follows the company feed over Server-Sent Events with the client's `followCompanyFeed` while
 * operators check trucks in and lanes call them up; every change arrives in order, with no gap in
 * the seq, its times absolute RFC 3339 with the gate's offset and each ETA a range.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyFeedMessage, CreateTripRequestInput } from '@borderflow/contracts';
import { startTestApi, type TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { uniqueDeclaration, uniquePlate } from '@borderflow/api/src/testing/trip-fixtures.ts';
import { ROUTES, createClient, followCompanyFeed, type BorderFlowClient } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const GUIDE = join(here, '../../../docs/api-conventions.md');
/** driver1, the one driver account of fleetadmin1's company in the demo data (the guide names it). */
const COMPANY_DRIVER = { fullName: 'Nguyễn Văn An', phone: '+84912345678' };
/** The guide: "changes of the last 2 seconds are held back until the next poll". */
const SETTLE_MS = 2_000;

let t: TestApi;
let tms: BorderFlowClient;
let tmsKey: string;
const savedCap = process.env.TRIP_CAP_PER_DRIVER;

beforeAll(async () => {
  // The demo company has one driver account; 50 trips of one driver need a per-driver cap above the
  // default 2 (the caps are read from the environment per request, as trip-caps.test.ts sets them).
  process.env.TRIP_CAP_PER_DRIVER = '100';
  t = await startTestApi();
  // Step 1 of the guide: the company's administrator signs in and creates a key (shown once).
  const session = await createClient({ baseUrl: t.url }).call(ROUTES.login, { body: { username: 'fleetadmin1', password: 'demo' } });
  const admin = createClient({ baseUrl: t.url, token: () => session.token });
  const issued = await admin.call(ROUTES.createApiKey, { body: { name: 'our TMS', scopes: ['trips:read', 'trips:write'] } });
  expect(issued.key).toMatch(/^bfk_/);
  tmsKey = issued.key;
  tms = createClient({ baseUrl: t.url, apiKey: issued.key, language: 'en' });
}, 120_000);
afterAll(async () => {
  if (savedCap === undefined) delete process.env.TRIP_CAP_PER_DRIVER;
  else process.env.TRIP_CAP_PER_DRIVER = savedCap;
  await t?.close();
});

function registration(hoursAhead: number): CreateTripRequestInput {
  return {
    gateCode: 'KT',
    direction: 'exit',
    vehicle: { plate: uniquePlate() },
    driver: COMPANY_DRIVER,
    cargo: [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 40, grossKg: 12000 }],
    containers: [],
    declarations: [uniqueDeclaration()],
    expectedArrival: new Date(Date.now() + hoursAhead * 3_600_000).toISOString(),
  };
}

/** Every trip of the company, newest first, one cursor page at a time. */
async function allPages(limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await tms.call(ROUTES.listTrips, { query: { limit, cursor } });
    pages++;
    ids.push(...page.trips.map((trip) => trip.id));
    if (!page.nextCursor) return { ids, pages };
    cursor = page.nextCursor;
  }
}

describe('a forwarder integrates with the published client and the guide', () => {
  const registered = new Map<string, string>(); // idempotency key → trip id
  let batch: Array<{ idempotencyKey: string; trip: CreateTripRequestInput }> = [];

  it('registers 50 trips in a batch; retrying half returns the original trips and registers none twice', async () => {
    batch = Array.from({ length: 50 }, (_, i) => ({ idempotencyKey: randomUUID(), trip: registration(4 + (i % 8)) }));
    const first = await tms.exchange(ROUTES.registerTripBatch, { body: { registrations: batch } });
    expect(first.status).toBe(207);
    // Each result first, so a refused one names its problem (a count alone said only "49").
    for (const r of first.body!.results) {
      expect(r, JSON.stringify(r.problem)).toMatchObject({ status: 201, replayed: false });
      expect(r.trip?.vehicle.plate).toBe(batch[r.index]!.trip.vehicle.plate.replace(/[-.]/g, ''));
      registered.set(batch[r.index]!.idempotencyKey, r.trip!.id);
    }
    expect(first.body?.registered).toBe(50);
    expect(first.body?.results.map((r) => r.index)).toEqual(batch.map((_, i) => i));
    expect(new Set(registered.values()).size).toBe(50);

    // The call "timed out": the TMS sends the second half again, exactly as it was.
    const retried = batch.slice(25);
    const again = await tms.call(ROUTES.registerTripBatch, { body: { registrations: retried } });
    expect(again.registered).toBe(25);
    for (const r of again.results) {
      expect(r).toMatchObject({ status: 201, replayed: true });
      expect(r.trip?.id).toBe(registered.get(retried[r.index]!.idempotencyKey));
    }
    // One of them retried alone, as a POST /v1/trips with the same key: the same trip again.
    const alone = batch[30]!;
    const single = await tms.exchange(ROUTES.registerTrip, { body: alone.trip, idempotencyKey: alone.idempotencyKey });
    expect(single.status).toBe(201);
    expect(single.headers.get('idempotent-replayed')).toBe('true');
    expect(single.body?.id).toBe(registered.get(alone.idempotencyKey));
    // The same key with another trip is refused for that registration only, naming the rule.
    const reused = await tms.call(ROUTES.registerTripBatch, {
      body: { registrations: [{ idempotencyKey: alone.idempotencyKey, trip: registration(9) }, { idempotencyKey: randomUUID(), trip: registration(9) }] },
    });
    expect(reused.results.map((r) => r.status)).toEqual([400, 201]);
    expect(reused.results[0]!.problem?.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'reused_key' });
    registered.set('reused-key-test', reused.results[1]!.trip!.id);

    // No duplicates: the company holds exactly the trips made, each once.
    const { ids } = await allPages(200);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...registered.values()].sort());
  }, 240_000);

  it("pages through the company's trips with a cursor: every trip once, newest first", async () => {
    const { ids, pages } = await allPages(7);
    expect(pages).toBe(Math.ceil(registered.size / 7));
    expect(new Set(ids).size).toBe(registered.size);
    const first = await tms.call(ROUTES.listTrips, { query: { limit: registered.size } });
    expect(ids).toEqual(first.trips.map((trip) => trip.id));
  }, 120_000);

  it('syncs incrementally with updatedSince: after some trips change, only they come back', async () => {
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    await sleep(SETTLE_MS + 200);
    // The first sync: every trip, in pages of 20, until a short page says caught up.
    const synced: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await tms.call(ROUTES.listTrips, { query: { updatedSince: since, limit: 20, cursor } });
      synced.push(...page.trips.map((trip) => trip.id));
      expect(typeof page.nextCursor).toBe('string');
      cursor = page.nextCursor!;
      if (page.trips.length < 20) break;
    }
    expect([...synced].sort()).toEqual([...registered.values()].sort());

    // The driver corrects five trips in the app; nothing else changes.
    const driver = await createClient({ baseUrl: t.url }).call(ROUTES.login, { body: { username: 'driver1', password: 'demo' } });
    const app = createClient({ baseUrl: t.url, token: () => driver.token });
    const changed = synced.slice(10, 15);
    for (const tripId of changed) {
      await app.call(ROUTES.correctTrip, { params: { tripId }, body: { expectedArrival: new Date(Date.now() + 20 * 3_600_000).toISOString(), reason: 'later ferry' } });
    }
    // The next polls resume at the kept cursor: the changes show once they settle, and nothing else does.
    const seen: string[] = [];
    const poll = (at: string | undefined) => tms.call(ROUTES.listTrips, { query: { updatedSince: since, limit: 20, cursor: at } });
    for (let round = 0; round < 20 && seen.length < changed.length; round++) {
      await sleep(500);
      const page = await poll(cursor);
      seen.push(...page.trips.map((trip) => trip.id));
      cursor = page.nextCursor ?? cursor;
    }
    expect([...seen].sort()).toEqual([...changed].sort());
  }, 120_000);

  it('follows the company feed: every place, ETA and call-up in order, no seq gap, absolute times with a range', async () => {
    const RFC3339_GATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/;
    const messages: CompanyFeedMessage[] = [];
    let snapshotSeq: number | undefined;
    const errors: unknown[] = [];
    const feed = followCompanyFeed({
      baseUrl: t.url, apiKey: tmsKey,
      onSnapshot: (s) => { snapshotSeq = s.seq; },
      onMessage: (m) => messages.push(m),
      onError: (err) => errors.push(err),
    });
    try {
      await feed.opened;
      await expect.poll(() => snapshotSeq, { timeout: 20_000 }).toBeDefined();
      // The gate's operator, through the same published client: the exit lanes paused, so checked-in trucks wait.
      const session = await createClient({ baseUrl: t.url }).call(ROUTES.login, { body: { username: 'operator1', password: 'demo' } });
      const gate = createClient({ baseUrl: t.url, token: () => session.token });
      const lanes = ['KT-X1', 'KT-X2'];
      for (const laneId of lanes) await gate.call(ROUTES.pauseLane, { params: { gate: 'KT', laneId }, body: { reason: 'integrator e2e' } });
      const page = await tms.call(ROUTES.listTrips, { query: { state: ['registered'], limit: 4 } });
      const trucks = page.trips.map((trip) => trip.id);
      expect(trucks).toHaveLength(4);
      for (const trip of page.trips) await gate.call(ROUTES.checkIn, { params: { gate: 'KT' }, body: { plate: trip.vehicle.plate } });
      // Each waiting truck's place and ETA is pushed.
      const placed = () => new Set(messages.filter((m) => m.kind === 'position').map((m) => m.tripId));
      await expect.poll(() => trucks.filter((id) => placed().has(id)).length, { timeout: 30_000 }).toBe(trucks.length);
      // A lane opens: it calls the first truck, and the others' places move up.
      const before = messages.length;
      await gate.call(ROUTES.openLane, { params: { gate: 'KT', laneId: 'KT-X1' }, body: { reason: 'integrator e2e' } });
      const calledAfter = () => messages.slice(before).filter((m) => m.kind === 'event' && m.type === 'trip_called' && trucks.includes(m.tripId));
      await expect.poll(() => calledAfter().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await expect.poll(() => messages.slice(before).filter((m) => m.kind === 'position').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const called = calledAfter()[0]!;
      expect(called.kind === 'event' && called.deadline).toMatch(RFC3339_GATE);

      expect(errors).toEqual([]);
      // In order with no gap: the seq grows by exactly 1 from the snapshot's.
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => snapshotSeq! + 1 + i));
      for (const m of messages) {
        expect(m.at, `message ${m.seq}`).toMatch(RFC3339_GATE);
        if (m.kind !== 'position') continue;
        // An ETA is absolute, and a range around its expected time.
        for (const time of [m.eta.expectedAt, m.eta.earliest, m.eta.latest]) expect(time).toMatch(RFC3339_GATE);
        expect(Date.parse(m.eta.earliest)).toBeLessThanOrEqual(Date.parse(m.eta.expectedAt));
        expect(Date.parse(m.eta.expectedAt)).toBeLessThanOrEqual(Date.parse(m.eta.latest));
        expect(m.position).toBeGreaterThanOrEqual(1);
      }
      // Each truck's changes come in the order they happened at the gate.
      for (const id of trucks) {
        const gateSeqs = messages.filter((m) => m.tripId === id).map((m) => m.gateSeq);
        expect(gateSeqs).toEqual([...gateSeqs].sort((a, b) => a - b));
      }
      await gate.call(ROUTES.openLane, { params: { gate: 'KT', laneId: 'KT-X2' }, body: { reason: 'integrator e2e' } });
    } finally {
      feed.close();
    }
  }, 180_000);
});

describe('the getting-started guide (docs/api-conventions.md)', () => {
  const guide = readFileSync(GUIDE, 'utf8');

  it('runs its Node snippet as is against the server, and it type-checks', async () => {
    const snippet = /<!-- guide:node[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(snippet, 'the guide has its Node snippet').toBeTruthy();
    // Written next to this package (`.scratch` is ignored by git), so `@borderflow/client` resolves as an installed one.
    const dir = join(here, '../.scratch');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `guide-node-${randomUUID()}.ts`);
    writeFileSync(file, snippet!);
    // As a developer's compiler sees it (the test's own import runs it untyped): strict, against the published types.
    const tsconfig = join(dir, `tsconfig-${randomUUID()}.json`);
    writeFileSync(tsconfig, JSON.stringify({ extends: '../../../tsconfig.base.json', files: [file] }));
    const typed = await run(process.execPath, [join(here, '../../../node_modules/typescript/bin/tsc'), '-p', tsconfig, '--noEmit'])
      .then(() => '', (err: { stdout?: string }) => err.stdout ?? String(err))
      .finally(() => rmSync(tsconfig, { force: true }));
    const session = await createClient({ baseUrl: t.url }).call(ROUTES.login, { body: { username: 'fleetadmin1', password: 'demo' } });
    const issued = await createClient({ baseUrl: t.url, token: () => session.token })
      .call(ROUTES.createApiKey, { body: { name: 'guide', scopes: ['trips:read', 'trips:write'] } });
    const saved = { url: process.env.BF_URL, key: process.env.BF_KEY };
    const logged: string[] = [];
    const log = console.log;
    process.env.BF_URL = t.url;
    process.env.BF_KEY = issued.key;
    console.log = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      console.log = log;
      process.env.BF_URL = saved.url;
      process.env.BF_KEY = saved.key;
      if (saved.url === undefined) delete process.env.BF_URL;
      if (saved.key === undefined) delete process.env.BF_KEY;
      rmSync(file, { force: true });
    }
    expect(logged[0]).toBe('registered 2, refused 0');
    expect(logged.slice(1, 3).map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual(['0 201 true', '1 201 true']);
    const page = await tms.call(ROUTES.listTrips, { query: { plate: ['24C-456.80', '24C-456.81'] } });
    expect(page.trips).toHaveLength(2);
    expect(typed).toBe('');
  }, 180_000);

  it('calls in its curl examples routes that exist, with bodies their schemas take', () => {
    const routes = Object.values(ROUTES);
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n/g, ' '));
    const calls = blocks.flatMap((b) => b.split('\n')).filter((line) => /^\s*(TOKEN=\$\()?curl /.test(line));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    const wrong: string[] = [];
    for (const [i, block] of blocks.entries()) {
      // A curl call runs from `curl` to the next one (its JSON body may span lines).
      for (const call of block.split(/(?=curl )/).filter((c) => c.startsWith('curl '))) {
        const url = /curl -s ['"]?localhost:3000(\/[^'"\s?]*)/.exec(call)?.[1];
        if (!url) continue;
        const body = /-d '([\s\S]*?)'/.exec(call)?.[1];
        const method = body !== undefined ? 'post' : 'get';
        const route = routes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(url));
        if (!route) {
          wrong.push(`block ${i}: ${method.toUpperCase()} ${url} is no route`);
          continue;
        }
        if (body !== undefined && route.body) {
          const parsed = route.body.safeParse(JSON.parse(body));
          if (!parsed.success) wrong.push(`block ${i}: ${url}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The guide's sync and batch steps are there (this test follows them).
    expect(guide).toContain('/v1/trip-batches');
    expect(guide).toMatch(/updatedSince=/);
  });
});
