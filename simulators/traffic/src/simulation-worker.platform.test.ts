/**
 * A simulation end to end as the manager's console runs it, with the worker as `npm start` runs
 * it: the catalog the worker published, a run started on one API process and polled on another
 * (the run lives in the database, not in a process), progress, the report as JSON and HTML, one
 * run at a time, and no Redis keys left behind by the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZSimCatalogSchema, ZSimRunStatusSchema, type SimRunStatus } from '@borderflow/contracts';
import type { Platform } from '@borderflow/api';
import { startTestApi, startTestPlatform, type TestApi } from '@borderflow/api/src/testing/test-api.ts';
import { startSimulationWorker, type SimulationWorker } from './simulation-worker.ts';
import { simKeysLeft } from './feeder-test-platform.ts';

let t: TestApi;
let other: Platform;
let worker: SimulationWorker;
let manager: string;

beforeAll(async () => {
  t = await startTestApi();
  // A second API process of the same platform (same database, same Redis prefix).
  other = await startTestPlatform(t.db, t.prefix);
  worker = await startSimulationWorker({ redis: t.platform.redis, prisma: t.db.prisma, prefix: t.prefix });
  manager = await t.token('manager1');
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await other?.close();
  await t?.close();
});

/** GET on the other process until `done`. */
async function until(id: string, done: (s: SimRunStatus) => boolean): Promise<SimRunStatus> {
  for (let i = 0; i < 900; i++) {
    const r = await fetch(`${other.url}/v1/simulations/${id}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(r.status).toBe(200);
    const status = ZSimRunStatusSchema.parse(await r.json());
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`simulation ${id} did not finish`);
}

describe('the simulation worker', () => {
  it('publishes the scenario files as the catalog the API serves', async () => {
    const r = await t.call('GET', '/v1/simulations/scenarios', { token: manager });
    expect(r.status).toBe(200);
    const catalog = ZSimCatalogSchema.parse(r.body);
    expect(catalog.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining([
      'kim-thanh-normal', 'peak', 'lychee-season', 'far-side-cap-100', 'xray-lane-down-3h', 'customs-outage',
    ]));
    expect(catalog.policies.map((p) => p.id)).toEqual(expect.arrayContaining(['default', 'fifo', 'perishable-first']));
  });

  it('runs one scenario at a time to a report (JSON and HTML), served by any API process, and cleans its keys', async () => {
    const started = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'kim-thanh-normal', seed: 5 } });
    expect(started.status).toBe(202);
    const id = started.body.id as string;

    const busy = await fetch(`${other.url}/v1/simulations`, {
      method: 'POST', headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'peak' }),
    });
    expect(busy.status).toBe(409); // one at a time across processes
    const early = await t.call('GET', `/v1/simulations/${id}/report.html`, { token: manager });
    expect(early.status).toBe(409);

    const midway = await until(id, (s) => s.progress > 0 || s.status !== 'running');
    expect(midway.status === 'running' || midway.status === 'done').toBe(true);
    const done = await until(id, (s) => s.status !== 'running');
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', progress: 1, scenario: 'kim-thanh-normal', seed: 5, policies: ['default'] });
    expect(done.finishedAt).not.toBeNull();
    const run = done.report!.runs[0]!;
    expect(run.trucks.arrived).toBeGreaterThan(300);
    expect(run.trucks.crossed).toBeGreaterThan(250);
    expect(run.fairness.unexplained).toBe(0);

    const html = await fetch(`${other.url}/v1/simulations/${id}/report.html`, { headers: { authorization: `Bearer ${manager}` } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    // Rendered when read, in the reader's language.
    const zh = await fetch(`${other.url}/v1/simulations/${id}/report.html`, { headers: { authorization: `Bearer ${manager}`, 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(zh.headers.get('vary')).toMatch(/Accept-Language/i);
    const zhPage = await zh.text();
    expect(zhPage).toContain('<html lang="zh">');
    expect(zhPage).toContain('<h1>金城口岸，普通的一天</h1>');
    expect(zhPage).toContain('公平性');

    // The run's keys (under the platform's prefix + sim:<id>:) are gone.
    expect(await simKeysLeft(t.prefix, id)).toEqual([]);
    // Free again: the worker gave the slot back.
    const next = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'nope-again' } });
    expect(next.status).toBe(404);
    const again = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'kim-thanh-normal', policies: ['no-such-policy-file'] } });
    expect(again.status).toBe(404);
  }, 240_000);
});
