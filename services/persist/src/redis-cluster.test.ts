/**
 * The scheduler and persistence on a real Redis Cluster (3 masters, 3 replicas on loopback):
 * several gates whose `{g:<gate>}` hash tags fall on different masters, each running its Lua
 * commands in its own slot, its stream consumed into PostgreSQL, and a gate rebuilt from the
 * database (the key scan covers every master). A short run by default (a cluster starts in a few
 * seconds); REDIS_CLUSTER_TESTS=1 runs more gates and trucks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { parseNode, startRedisCluster, type RedisClusterHandle } from '@borderflow/testkit';
import { openTestDatabase, seedKimThanh, type SeedResult, type TestDatabase } from '@borderflow/db';
import { GateScheduler, KIM_THANH_LANES, type CommandResult } from '@borderflow/scheduler';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { startEventConsumer, type EventConsumer } from './event-consumer.ts';
import { loadGateState } from './rebuild-gate.ts';
import { createTrip } from './test-fixtures.ts';

const LONG = process.env.REDIS_CLUSTER_TESTS === '1';
const GATES = LONG ? 6 : 3;
const TRUCKS = LONG ? 60 : 8;
const CANDIDATES = ['KT', 'HN', 'LS', 'MC', 'TT', 'HK', 'BL', 'CM', 'XM', 'TN', 'NB', 'QN', 'DL', 'LC', 'HG'];

let dir: string;
let cluster: RedisClusterHandle;
let redis: Cluster;
let db: TestDatabase;
let seed: SeedResult;
const consumers: EventConsumer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bf-cluster-'));
  [cluster, db] = await Promise.all([startRedisCluster({ dir }), openTestDatabase()]);
  seed = await seedKimThanh(db.prisma, { env: {} });
  // As the platform connects with REDIS_CLUSTER_NODES (services/api redis-connection.ts).
  redis = new Cluster(cluster.nodes.map(parseNode), { scaleReads: 'master' });
  // Commands before the client has loaded the slot map fail with "Connection is closed" (seen once).
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
}, 90_000);
afterAll(async () => {
  for (const c of consumers) await c.stop();
  redis?.disconnect();
  await cluster?.stop();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ok = (r: CommandResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
};

/** Gate codes whose hash tags land on different masters, covering every master. */
async function gatesOnEveryMaster(): Promise<string[]> {
  const slots = await redis.cluster('SLOTS');
  const masterOf = (slot: number) => slots.find(([from, to]) => slot >= from && slot <= to)![2]![1];
  const chosen: string[] = ['KT'];
  const masters = new Set([masterOf(Number(await redis.cluster('KEYSLOT', '{g:KT}')))]);
  for (const code of CANDIDATES.slice(1)) {
    if (chosen.length >= GATES) break;
    const master = masterOf(Number(await redis.cluster('KEYSLOT', `{g:${code}}`)));
    if (!masters.has(master) || masters.size >= 3) {
      masters.add(master);
      chosen.push(code);
    }
  }
  expect(masters.size).toBe(3);
  return chosen;
}

it('runs gates on different masters, persists every event in order, and rebuilds a gate', async () => {
  const gates = await gatesOnEveryMaster();
  const prefix = 'bfc:';
  const schedulers = gates.map((gate) => new GateScheduler({ redis, gate, prefix }));
  await Promise.all(schedulers.map((s) => s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'test' })));
  for (const gate of gates) {
    consumers.push(startEventConsumer({ redis, prisma: db.prisma, gate, prefix, blockMs: 100, onError: () => undefined }));
  }

  // Commands on all gates at once: each gate's scripts stay in its slot on its master.
  await Promise.all(schedulers.map(async (s, g) => {
    for (let i = 0; i < TRUCKS; i++) {
      const direction = i % 2 ? 'entry' : 'exit';
      // Kim Thành is the seeded gate: its trips have rows, so the rebuild below finds them.
      if (s.gate === 'KT') await createTrip(db.prisma, seed, `c${g}x${i}`, { direction, stages: ['documents', 'gate'] });
      ok(await s.checkIn({
        tripId: `c${g}x${i}`, plate: `24C${g}${i}`, direction, priorityClass: 'ordinary', stages: ['documents', 'gate'], actor: 'test',
      }));
    }
  }));
  for (const c of consumers) await c.drained();

  for (const s of schedulers) {
    const snap = await s.snapshot();
    const rows = await db.prisma.gateEvent.findMany({ where: { gateCode: s.gate }, orderBy: { seq: 'asc' }, select: { seq: true } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: snap.seq }, (_, i) => i + 1));
    expect(await s.invariants()).toEqual([]);
  }

  // Kim Thành loses its keys (on whichever master holds them) and is rebuilt from PostgreSQL.
  const kt = schedulers[0]!;
  for (const c of consumers) await c.drained();
  const before = await kt.snapshot();
  await kt.deleteGateKeys();
  expect(await kt.hasState()).toBe(false);
  await kt.rebuild(await loadGateState(db.prisma, 'KT'));
  const after = await kt.snapshot();
  expect(after.seq).toBeGreaterThan(before.seq);
  expect(after.lanes.map((l) => [l.id, l.trip?.id ?? null])).toEqual(before.lanes.map((l) => [l.id, l.trip?.id ?? null]));
  expect(await kt.invariants()).toEqual([]);
}, 120_000);
