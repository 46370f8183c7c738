/**
 * Simulations over HTTP as the manager's console uses them: the catalog, a run started and
 * polled to its report (JSON and HTML), one run at a time, roles, bad input, and no Redis keys
 * left behind by the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ZSimCatalogSchema, ZSimRunStatusSchema, type SimRunStatus } from '@borderflow/contracts';
import { testRedisUrl } from '@borderflow/infra/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let t: TestApi;
let manager: string;

beforeAll(async () => {
  t = await startTestApi();
  manager = await t.token('manager1');
});
afterAll(() => t?.close());

async function until(id: string, done: (s: SimRunStatus) => boolean): Promise<SimRunStatus> {
  for (let i = 0; i < 600; i++) {
    const r = await t.call('GET', `/v1/simulations/${id}`, { token: manager });
    expect(r.status).toBe(200);
    const status = ZSimRunStatusSchema.parse(r.body);
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`simulation ${id} did not finish`);
}

describe('/v1/simulations', () => {
  it('lists the scenario and policy files for managers and admins only', async () => {
    const r = await t.call('GET', '/v1/simulations/scenarios', { token: manager });
    expect(r.status).toBe(200);
    const catalog = ZSimCatalogSchema.parse(r.body);
    expect(catalog.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining([
      'kim-thanh-normal', 'peak', 'lychee-season', 'far-side-cap-100', 'xray-lane-down-3h', 'customs-outage',
    ]));
    expect(catalog.policies.map((p) => p.id)).toEqual(expect.arrayContaining(['default', 'fifo', 'perishable-first']));
    expect((await t.call('GET', '/v1/simulations/scenarios', { token: await t.token('admin1') })).status).toBe(200);
    expect((await t.call('GET', '/v1/simulations/scenarios', { token: await t.token('driver1') })).status).toBe(403);
    expect((await t.call('GET', '/v1/simulations/scenarios', { token: await t.token('operator1') })).status).toBe(403);
    expect((await t.call('GET', '/v1/simulations/scenarios')).status).toBe(401);
  });

  it('rejects unknown scenarios and policies and bad input, naming the field', async () => {
    const unknown = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'no-such-day' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'scenario' });
    const policy = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak', policies: ['nope'] } });
    expect(policy.status).toBe(404);
    expect(policy.body.error.field).toBe('policies');
    const bad = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak', seed: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('seed');
    expect((await t.call('GET', '/v1/simulations/00000000-0000-4000-8000-000000000000', { token: manager })).status).toBe(404);
    expect((await t.call('POST', '/v1/simulations', { token: await t.token('operator1'), body: { scenario: 'peak' } })).status).toBe(403);
  });

  it('runs one scenario at a time to a report (JSON and HTML) and cleans its keys', async () => {
    const started = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'kim-thanh-normal', seed: 5 } });
    expect(started.status).toBe(202);
    const id = started.body.id as string;

    const busy = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak' } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');
    const early = await t.call('GET', `/v1/simulations/${id}/report.html`, { token: manager });
    expect(early.status).toBe(409);

    const midway = await until(id, (s) => s.progress > 0 || s.status !== 'running');
    expect(midway.status === 'running' || midway.status === 'done').toBe(true);
    const done = await until(id, (s) => s.status !== 'running');
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', progress: 1, scenario: 'kim-thanh-normal', seed: 5, policies: ['default'] });
    const run = done.report!.runs[0]!;
    expect(run.trucks.arrived).toBeGreaterThan(300);
    expect(run.trucks.crossed).toBeGreaterThan(250);
    expect(run.fairness.unexplained).toBe(0);

    const html = await t.call('GET', `/v1/simulations/${id}/report.html`, { token: manager });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain('<svg');
    expect(html.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    // The run's keys (under the platform's prefix + sim:<id>:) are gone.
    const redis = new Redis(testRedisUrl());
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `${t.prefix}sim:${id}:*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
    // Free again.
    const next = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'nope-again' } });
    expect(next.status).toBe(404);
  });
});
