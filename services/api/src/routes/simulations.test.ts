/**
 * Simulations over HTTP as the manager's console uses them, on the API's side of the job queue:
 * no catalog without a worker, the catalog a worker published, bad input, roles, a start that
 * queues a BullMQ job and a `simulation_runs` row (the starter from the token), one run at a time
 * across processes (a stale slot is freed), and the rate limit on starts. The run itself (a real
 * worker to the report, JSON and HTML) is simulators/traffic's simulation-worker.platform.test.ts:
 * the API may not import the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  SIM_QUEUE, simActiveKey, simCatalogKey, simQueuePrefix, ZSimCatalogSchema, ZSimRunStatusSchema, type SimCatalog,
} from '@borderflow/contracts';
import { testRedisUrl } from '@borderflow/testkit/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

/** What a worker publishes (the shape of ZSimCatalogSchema; the real files are the worker's). */
const CATALOG: SimCatalog = {
  scenarios: [
    { id: 'kim-thanh-normal', title: 'A normal day', description: '400 trucks', trucksPerDay: 400, durationHours: 24, policy: 'default' },
    { id: 'peak', title: 'Peak', description: '600 trucks', trucksPerDay: 600, durationHours: 24, policy: 'default' },
  ],
  policies: [
    { id: 'default', title: 'Published v1', description: 'interleave' },
    { id: 'fifo', title: 'FIFO', description: 'first come' },
  ],
};

let t: TestApi;
let redis: Redis;
let manager: string;

beforeAll(async () => {
  t = await startTestApi();
  redis = new Redis(testRedisUrl());
  manager = await t.token('manager1');
});
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

describe('/v1/simulations', () => {
  it('has nothing to offer before a worker published its catalog (409, not a 5xx)', async () => {
    const r = await t.call('GET', '/v1/simulations/scenarios', { token: manager });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect((await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak' } })).status).toBe(409);
  });

  it('lists the published scenarios and policies for managers and admins only', async () => {
    await redis.set(simCatalogKey(t.prefix), JSON.stringify(CATALOG));
    const r = await t.call('GET', '/v1/simulations/scenarios', { token: manager });
    expect(r.status).toBe(200);
    expect(ZSimCatalogSchema.parse(r.body)).toEqual(CATALOG);
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

  it('queues a run (job + row, starter from the token), one at a time, and frees a stale slot', async () => {
    const started = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'kim-thanh-normal', seed: 5, requestedBy: 'x' } });
    expect(started.status).toBe(400); // identity comes from the token, never the body
    const ok = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'kim-thanh-normal', seed: 5 } });
    expect(ok.status).toBe(202);
    const id = ok.body.id as string;

    const row = await t.db.prisma.simulationRun.findUniqueOrThrow({ where: { id } });
    const managerId = (await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'manager1' } })).id;
    expect(row).toMatchObject({ requestedBy: managerId, scenario: 'kim-thanh-normal', policies: ['default'], seed: 5n, status: 'queued' });
    const queue = new Queue(SIM_QUEUE, { connection: redis, prefix: simQueuePrefix(t.prefix) });
    expect((await queue.getJob(id))?.data).toEqual({ runId: id });
    await queue.close();

    // A queued run reads as running at 0, the answer the console polls for.
    const polled = await t.call('GET', `/v1/simulations/${id}`, { token: manager });
    expect(polled.status).toBe(200);
    expect(ZSimRunStatusSchema.parse(polled.body)).toMatchObject({ id, status: 'running', progress: 0, seed: 5, report: null, finishedAt: null });

    const busy = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak' } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');
    expect(JSON.stringify(busy.body)).toContain(id);
    const early = await t.call('GET', `/v1/simulations/${id}/report.html`, { token: manager });
    expect(early.status).toBe(409);

    // The run ended without its worker freeing the slot (a crash): the next start takes the slot over.
    await t.db.prisma.simulationRun.update({ where: { id }, data: { status: 'failed', error: 'worker gone', finishedAt: new Date() } });
    expect(await redis.get(simActiveKey(t.prefix))).toBe(id);
    const next = await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'peak', policies: ['default', 'fifo'] } });
    expect(next.status).toBe(202);
    expect(await redis.get(simActiveKey(t.prefix))).toBe(next.body.id);
    const failed = await t.call('GET', `/v1/simulations/${id}`, { token: manager });
    expect(failed.body).toMatchObject({ status: 'failed', error: 'worker gone' });
    expect((await t.call('GET', `/v1/simulations/${id}/report.html`, { token: manager })).status).toBe(409);
  });

  it('limits how often one account may start runs (429 with Retry-After)', async () => {
    const admin = await t.token('admin1');
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push((await t.call('POST', '/v1/simulations', { token: admin, body: { scenario: 'no-such-day' } })).status);
    }
    expect(answers).toEqual(Array(10).fill(404));
    const limited = await t.call('POST', '/v1/simulations', { token: admin, body: { scenario: 'no-such-day' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account still may.
    expect((await t.call('POST', '/v1/simulations', { token: manager, body: { scenario: 'no-such-day' } })).status).toBe(404);
  });
});
