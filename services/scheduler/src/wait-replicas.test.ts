/**
 * `waitReplicas`: a command is acknowledged only once a replica has it, so a failover to that
 * replica keeps every acknowledged command; without a replica the answer says so
 * (NOT_REPLICATED) and a retry with the same command id is safe. A real primary and a real
 * replica (`redis-server --replicaof`) on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { startRedisServer, type RedisServerHandle } from '@borderflow/testkit/redis-server';
import { GateScheduler, waitReplicasFromEnv } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { gateKeysOf } from './testing.ts';

let dir: string;
let primary: RedisServerHandle;
let replica: RedisServerHandle;
let redis: Redis;
let replicaClient: Redis;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bf-wait-'));
  primary = await startRedisServer({ dir: join(dir, 'p'), appendonly: false });
  replica = await startRedisServer({ dir: join(dir, 'r'), appendonly: false, args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  redis = new Redis(primary.url);
  replicaClient = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  replicaClient.on('error', () => undefined); // the test stops the replica on purpose
  for (let i = 0; i < 200 && !/master_link_status:up/.test(await replicaClient.info('replication')); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  redis?.disconnect();
  replicaClient?.disconnect();
  await replica?.stop();
  await primary?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('acknowledges a command only when a replica has it, and says so when none confirms it', async () => {
  const s = new GateScheduler({ redis, gate: 'KT', prefix: 'w:', waitReplicas: { replicas: 1, timeoutMs: 2000 } });
  await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test' });
  const checkIn = { tripId: 'w1', plate: '24C12345', direction: 'exit' as const, priorityClass: 'ordinary' as const, stages: ['documents' as const, 'gate' as const], actor: 'test', commandId: 'c-w1' };
  expect(await s.checkIn(checkIn)).toMatchObject({ ok: true });
  // Acknowledged means on the replica: a failover to it now keeps the truck.
  expect(await replicaClient.hget(gateKeysOf(s).trip('w1'), 'state')).toBeTruthy();
  expect(await replicaClient.hget(gateKeysOf(s).meta, 'seq')).toBe(await redis.hget(gateKeysOf(s).meta, 'seq'));

  // The replica goes away: the primary still runs the command, but it is not acknowledged as durable.
  replicaClient.disconnect();
  await replica.stop();
  const lonely = new GateScheduler({ redis, gate: 'KT', prefix: 'w:', waitReplicas: { replicas: 1, timeoutMs: 200 } });
  const r = await lonely.checkIn({ ...checkIn, tripId: 'w2', plate: '24C12346', commandId: 'c-w2' });
  expect(r).toMatchObject({ ok: false, code: 'NOT_REPLICATED' });
  // The retry with the same command id replays (no second check-in) and asks again.
  expect(await lonely.checkIn({ ...checkIn, tripId: 'w2', plate: '24C12346', commandId: 'c-w2' })).toMatchObject({ ok: false, code: 'NOT_REPLICATED' });
  expect(await redis.sismember(gateKeysOf(s).live, 'w2')).toBe(1);
});

it('reads the setting from REDIS_WAIT_REPLICAS, off by default', () => {
  expect(waitReplicasFromEnv({})).toBeUndefined();
  expect(waitReplicasFromEnv({ REDIS_WAIT_REPLICAS: '0' })).toBeUndefined();
  expect(waitReplicasFromEnv({ REDIS_WAIT_REPLICAS: '1' })).toEqual({ replicas: 1, timeoutMs: 500 });
  expect(waitReplicasFromEnv({ REDIS_WAIT_REPLICAS: '2', REDIS_WAIT_TIMEOUT_MS: '250' })).toEqual({ replicas: 2, timeoutMs: 250 });
});
