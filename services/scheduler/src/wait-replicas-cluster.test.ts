/**
 * Acknowledged means replicated, on Redis Cluster too: the scheduler's WAIT after a command must
 * reach the gate's own master (whose replica takes over in a failover), not whichever master the
 * cluster client picks for a command without a key (book7 found it went to a random one; the
 * failover fault test then lost a trip about once in a few runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { parseNode, redisMonitor, startRedisCluster, type RedisClusterHandle, type RedisMonitor } from '@borderflow/testkit';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler } from './gate-scheduler.ts';
import { KIM_THANH_LANES } from './kim-thanh-lanes.ts';
import { accepted, gateKeysOf } from './testing.ts';

const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
let dir: string;
let cluster: RedisClusterHandle;
let redis: Cluster;
const monitors: RedisMonitor[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bf-wait-cluster-'));
  cluster = await startRedisCluster({ dir });
  redis = new Cluster(cluster.nodes.slice(0, 3).map(parseNode), { scaleReads: 'master' });
}, 120_000);
afterAll(async () => {
  for (const m of monitors) m.disconnect();
  redis?.disconnect();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("sends each command's WAIT to the gate's master, and to no other", async () => {
  const s = new GateScheduler({ redis, gate: 'KT', prefix: `wait-${process.pid}:`, waitReplicas: { replicas: 1, timeoutMs: 2000 } });
  await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'system:test', now: T0 });
  const meta = gateKeysOf(s).meta;
  // The gate's master: the one master holding its keys (configure wrote the meta hash); the others answer MOVED.
  const masters = redis.nodes('master');
  const holding = await Promise.all(masters.map((node) => node.exists(meta).catch(() => 0)));
  const slotOwner = masters.find((_node, i) => holding[i] === 1);
  expect(holding.filter((n) => n === 1)).toHaveLength(1);
  const waits = new Map<string, number>();
  for (const node of redis.nodes('master')) {
    const url = `redis://${node.options.host}:${node.options.port}`;
    const m = await redisMonitor(url);
    monitors.push(m);
    m.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toUpperCase() === 'WAIT') waits.set(url, (waits.get(url) ?? 0) + 1);
    });
  }
  const TRUCKS = 12;
  for (let i = 0; i < TRUCKS; i++) {
    accepted(await s.checkIn({ tripId: `w${i}`, plate: `24Cw${i}`, direction: 'exit', priorityClass: 'ordinary', stages: ['documents'], actor: 'user:op1', now: T0 + i }));
  }
  await new Promise((r) => setTimeout(r, 200));
  const owner = `redis://${slotOwner!.options.host}:${slotOwner!.options.port}`;
  // Before the fix a third of them, at random (12 all on the right master: 1 in 531,441).
  expect(Object.fromEntries(waits)).toEqual({ [owner]: TRUCKS });
}, 60_000);
