/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/**
 * REDIS_CLUSTER_NODES switches the whole platform to a Redis Cluster (3 masters, 3 replicas on
 * loopback): it starts, is ready, takes operator commands, and their events reach live clients
 * through the fan-out and PostgreSQL through persistence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisCluster, type RedisClusterHandle } from '@borderflow/testkit';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let dir: string;
let cluster: RedisClusterHandle;
let t: TestApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bf-api-cluster-'));
  cluster = await startRedisCluster({ dir });
  t = await startTestApi({ redisClusterNodes: cluster.nodes.slice(0, 3).join(',') });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('runs on the cluster: ready, commands, live deltas, persistence', async () => {
  expect(t.platform.redis.isCluster).toBe(true);
  expect((await t.call('GET', '/readyz')).status).toBe(200);
  const operator = await t.token('operator1');
  const socket = await t.socket(operator);
  const delta = new Promise<any>((resolve) => socket.on('delta', (d: any) => d.event?.type === 'lane_status_changed' && resolve(d)));
  await new Promise<void>((resolve) => socket.emit('subscribe', { gate: 'KT' }, () => resolve()));
  const paused = await t.call('POST', '/v1/gates/KT/lanes/KT-X2/pause', { token: operator, body: { reason: 'cluster check' } });
  expect(paused.status, JSON.stringify(paused.body)).toBe(200);
  expect((await delta).event.lane.id).toBe('KT-X2');
  const end = Date.now() + 20_000;
  while ((await t.db.prisma.gateEvent.count({ where: { gateCode: 'KT', type: 'lane_status_changed' } })) === 0) {
    if (Date.now() > end) throw new Error('event not persisted');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);
