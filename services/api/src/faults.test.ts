/**
 * The fault suite, with real processes (testing/topology.ts: API and worker
 * processes on one Redis and one PostgreSQL). Short in CI; FAULTS_FULL=1 runs
 * the full figures (100 kills, a 60 s database outage).
 *   - kill -9 of an API or a worker process at random moments during commands:
 *     nothing lost, no double assignment, every pending entry taken over;
 *   - the Redis Cluster master holding the gate killed while trucks are being
 *     assigned, its replica promoted: no trip lost, no double assignment, the
 *     stream and PostgreSQL agree;
 *   - Redis killed and restarted on its append-only file: the live state returns;
 *   - Redis flushed: the rebuild from PostgreSQL gives the same queues in the same order;
 *   - customs away (its receiver stopped), then back: the outbox delivers every notice;
 *   - PostgreSQL away (a proxy the test cuts): the gate keeps running, /readyz
 *     says degraded, and afterwards every event is stored.
 * The in-process versions (seq fence, rebuild, trim) are the persist suite's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it as anyMode } from 'vitest';
import { startRedisCluster, startRedisServer, type RedisClusterHandle, type RedisServerHandle } from '@borderflow/testkit';
import { startTopology, type Topology } from './testing/topology.ts';
import { crashLoop, dbOutage, redisFailover, redisLoss } from './testing/fault-scenarios.ts';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.ts';
import { startTestAuthority, until } from './testing/agency-harness.ts';
import { tripRequest } from './testing/trip-fixtures.ts';

// Several processes share one PostgreSQL server, which the embedded mode (PGlite lives inside one
// process) does not have: CI runs this suite once, in its servers mode (DATABASE_URL set).
const it = anyMode.skipIf(!process.env.DATABASE_URL);

const FULL = process.env.FAULTS_FULL === '1';
const KILLS = FULL ? 100 : 4;
const OUTAGE_MS = FULL ? 60_000 : 4_000;
const CUSTOMS_OUTAGE_MS = FULL ? 5 * 60_000 : 5_000;
/** A killed process's entries are taken over after 1 s instead of 30 s. */
const FAST_CLAIM = { persist: { claimIdleMs: 1000, claimEveryMs: 250 }, timerIntervalMs: 500 };

let topo: Topology | null = null;
let proxy: TcpProxy | null = null;
let cluster: { handle: RedisClusterHandle; dir: string } | null = null;
let redisServer: { handle: RedisServerHandle; dir: string } | null = null;
let authority: { close(): Promise<void> } | null = null;
afterEach(async () => {
  await authority?.close().catch(() => undefined);
  authority = null;
  await topo?.close();
  await redisServer?.handle.stop();
  if (redisServer) rmSync(redisServer.dir, { recursive: true, force: true });
  redisServer = null;
  await proxy?.close();
  await cluster?.handle.stop();
  if (cluster) rmSync(cluster.dir, { recursive: true, force: true });
  topo = proxy = cluster = null;
}, 60_000);

it(`keeps every trip and event across ${KILLS} kill -9 of an API or worker process mid-command`, { timeout: FULL ? 7_200_000 : 600_000 }, async () => {
  topo = await startTopology({ child: FAST_CLAIM });
  const report = await crashLoop(topo, { iterations: KILLS });
  expect(report.killedApi + report.killedWorker).toBe(KILLS);
  expect(report.violations).toEqual([]);
  expect({ tripsLost: report.tripsLost, eventsLost: report.eventsLost, doubleAssignments: report.doubleAssignments }).toEqual({
    tripsLost: 0, eventsLost: 0, doubleAssignments: 0,
  });
  // The killed workers' pending entries (persist and fan-out groups) were taken over and acknowledged.
  expect(report.pendingLeft).toBe(0);
});

it(`keeps the gate running through a ${OUTAGE_MS / 1000} s PostgreSQL outage, and stores every event afterwards`, { timeout: 600_000 }, async () => {
  const server = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  const p = proxy;
  topo = await startTopology({ child: FAST_CLAIM, childDatabaseUrl: (url) => p.rewrite(url) });
  const report = await dbOutage(topo, proxy, { outageMs: OUTAGE_MS });
  expect(report.commandsDuringOutage).toBeGreaterThan(0);
  expect(report.failedDuringOutage).toBe(0);
  expect(report.eventsDuringOutage).toBeGreaterThan(0);
  expect(new Set(report.readyDuringOutage)).toEqual(new Set(['degraded']));
  expect(report.persistedAfterRatio).toBe(1);
  expect({ tripsLost: report.tripsLost, eventsLost: report.eventsLost, doubleAssignments: report.doubleAssignments }).toEqual({
    tripsLost: 0, eventsLost: 0, doubleAssignments: 0,
  });
});

it('loses no trip and assigns no lane twice when the gate\'s Redis master is killed and its replica promoted', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bf-failover-'));
  cluster = { handle: await startRedisCluster({ dir }), dir };
  // WAIT for the replica: a command answered before the kill is on the replica that takes over.
  topo = await startTopology({
    redisClusterNodes: cluster.handle.nodes.slice(0, 3).join(','),
    child: { ...FAST_CLAIM, waitReplicas: { replicas: 1, timeoutMs: 1000 } },
  });
  const report = await redisFailover(topo, cluster.handle);
  expect(report.answeredBeforeKill).toBeGreaterThan(0);
  expect(report.violations).toEqual([]);
  expect({ tripsLost: report.tripsLost, eventsLost: report.eventsLost, doubleAssignments: report.doubleAssignments }).toEqual({
    tripsLost: 0, eventsLost: 0, doubleAssignments: 0,
  });
  expect(report.failoverS).toBeGreaterThan(0);
});

describe.each(['restart', 'flush'] as const)('Redis loses its memory (%s)', (mode) => {
  it(mode === 'restart' ? 'returns the live state from the append-only file' : 'rebuilds the same queues, in the same order, from PostgreSQL', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-redis-loss-'));
    // fsync on every write, as npm start runs it: an acknowledged command is on disk.
    const options = { dir, appendonly: true, args: ['--appendfsync', 'always'] };
    redisServer = { handle: await startRedisServer(options), dir };
    const port = redisServer.handle.port;
    // No timer ticks: a paced crossing between the two reads would change the state compared.
    topo = await startTopology({ redisUrl: redisServer.handle.url, child: { ...FAST_CLAIM, timerIntervalMs: 3_600_000 } });
    const report = await redisLoss(topo, mode, redisServer.handle, async () => {
      redisServer!.handle = await startRedisServer({ ...options, port });
    });
    expect(report.before['queue:documents']?.length ?? 0, JSON.stringify(report.before)).toBeGreaterThan(0);
    expect(report.after).toEqual(report.before);
    expect(report.violations).toEqual([]);
    expect({ tripsLost: report.tripsLost, eventsLost: report.eventsLost, doubleAssignments: report.doubleAssignments }).toEqual({
      tripsLost: 0, eventsLost: 0, doubleAssignments: 0,
    });
  });
});

it(`delivers every movement notice once customs is back after ${CUSTOMS_OUTAGE_MS / 1000} s away`, { timeout: FULL ? 1_800_000 : 600_000 }, async () => {
  const first = await startTestAuthority();
  authority = first.authority;
  const port = Number(new URL(first.authority.url).port);
  // Retries spread over longer than the outage (production: 12 attempts up to 5 min apart).
  const delivery = { attempts: 100, backoffMs: 50, maxBackoffMs: FULL ? 5000 : 300, cooldownMs: 300 };
  const agencies = { ...first.config, adapters: (first.config.adapters ?? []).map((a) => ({ ...a, delivery: { ...a.delivery, ...delivery } })) };
  topo = await startTopology({ child: { ...FAST_CLAIM, agencies } });
  await topo.startWorker();
  const api = await topo.startApi();
  const driver = await topo.login(api.url, 'driver1');

  await first.authority.close();
  authority = null;
  const trips: string[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await topo.call(api.url, 'POST', '/v1/trips', driver, tripRequest());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    trips.push(res.body.id);
  }
  await new Promise((r) => setTimeout(r, CUSTOMS_OUTAGE_MS));
  const back = await startTestAuthority(port);
  authority = back.authority;
  // What customs received, asked over HTTP as of any agency system (the authority is its own process).
  const received = async (id: string) =>
    ((await (await fetch(`${back.authority.url}/_sim/trips/${id}`)).json()) as { messages: Array<{ profile: string; kind: string }> }).messages;
  const noticed = async () => {
    const got: string[] = [];
    for (const id of trips) if ((await received(id)).some((m) => m.profile === 'vnaccs' && m.kind === 'movement_notice')) got.push(id);
    return got;
  };
  await until('every notice at customs', async () => (await noticed()).length === trips.length, 120_000);
  await until('the outbox emptied', async () => (await topo!.db.prisma.outboxMessage.count()) === 0, 30_000);
  expect(await noticed()).toEqual(trips);
});
