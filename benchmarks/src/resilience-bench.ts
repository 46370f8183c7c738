/**
 * `npm run bench -- resilience`: the fault scenarios of the production topology
 * (API and worker processes, @borderflow/api's testing/fault-scenarios.ts) with
 * the full figures: 100 kill -9 of API or worker processes mid-command,
 * a kill of the gate's Redis Cluster master with its replica promoted, a 60 s
 * PostgreSQL outage, and the latency from a command on API process B to its
 * event on a client of API process A.
 * RESILIENCE_QUICK=1: a short version (5 kills, a 5 s outage, 50 commands) to check it runs.
 * RESILIENCE_LATENCY_ONLY=1: only the cross-process latency, the other figures kept from the last full run.
 * PostgreSQL: DATABASE_URL's server, else the machine's 127.0.0.1:5432 (PGlite is one process).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisCluster } from '@borderflow/testkit';
import { startTopology, LOCAL_POSTGRES_URL, type TopologyOptions } from '@borderflow/api/src/testing/topology.ts';
import { crashLoop, dbOutage, multiNodeLatency, redisFailover } from '@borderflow/api/src/testing/fault-scenarios.ts';
import { startTcpProxy } from '@borderflow/api/src/testing/tcp-proxy.ts';
import { recordResult } from './record-result.ts';
import { summarizeLatencies } from './latency.ts';
import { openBenchRedis } from './bench-redis.ts';

const QUICK = process.env.RESILIENCE_QUICK === '1';
/** RESILIENCE_LATENCY_ONLY=1: only the cross-process latency (500 commands, a minute), for a quiet moment between long runs. */
const LATENCY_ONLY = process.env.RESILIENCE_LATENCY_ONLY === '1';
const KILLS = QUICK ? 5 : 100;
const OUTAGE_MS = QUICK ? 5_000 : 60_000;
const LATENCY_COMMANDS = QUICK ? 50 : 500;
const FAST_CLAIM: TopologyOptions['child'] = { persist: { claimIdleMs: 1000, claimEveryMs: 250 }, timerIntervalMs: 500 };

let redisUrl = '';

async function withTopology<T>(options: TopologyOptions, run: (topo: Awaited<ReturnType<typeof startTopology>>) => Promise<T>): Promise<T> {
  const topo = await startTopology({ redisUrl, env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_ACCOUNT: '1000000000', TRIP_CAP_PER_COMPANY: '1000000' }, ...options });
  try {
    return await run(topo);
  } finally {
    await topo.close();
  }
}

export async function runResilienceBench(): Promise<void> {
  const redis = await openBenchRedis();
  redisUrl = redis.url;
  try {
    await measure();
  } finally {
    await redis.stop();
  }
}

async function measure(): Promise<void> {
  const log = (line: string) => console.log(`[resilience] ${line}`);
  if (LATENCY_ONLY) return measureLatencyOnly(log);

  log(`crash loop: ${KILLS} kill -9 of an API or worker process`);
  const crash = await withTopology({ child: FAST_CLAIM }, (topo) =>
    crashLoop(topo, { iterations: KILLS, onIteration: (i, killed) => log(`kill ${i + 1}/${KILLS}: ${killed}`) }));

  log('Redis Cluster master killed, replica promoted');
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-failover-'));
  const cluster = await startRedisCluster({ dir });
  let failover;
  try {
    failover = await withTopology(
      { redisClusterNodes: cluster.nodes.slice(0, 3).join(','), child: { ...FAST_CLAIM, waitReplicas: { replicas: 1, timeoutMs: 1000 } } },
      (topo) => redisFailover(topo, cluster),
    );
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  log(`PostgreSQL away for ${OUTAGE_MS / 1000} s`);
  const server = new URL(process.env.DATABASE_URL || LOCAL_POSTGRES_URL);
  const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  let outage;
  try {
    outage = await withTopology({ child: FAST_CLAIM, childDatabaseUrl: (url) => proxy.rewrite(url) }, (topo) => dbOutage(topo, proxy, { outageMs: OUTAGE_MS }));
  } finally {
    await proxy.close();
  }

  log(`latency across processes: ${LATENCY_COMMANDS} commands`);
  const latencies = await withTopology({}, (topo) => multiNodeLatency(topo, { commands: LATENCY_COMMANDS }));
  const lat = summarizeLatencies(latencies);

  const figures = {
    quick: QUICK,
    crash_iterations: crash.iterations,
    crash_killed_api: crash.killedApi,
    crash_killed_worker: crash.killedWorker,
    trips_lost: crash.tripsLost + failover.tripsLost + outage.tripsLost,
    events_lost: crash.eventsLost + failover.eventsLost + outage.eventsLost,
    double_assignments: crash.doubleAssignments + failover.doubleAssignments + outage.doubleAssignments,
    invariant_violations: [...crash.violations, ...failover.violations, ...outage.violations],
    pending_left: crash.pendingLeft + failover.pendingLeft + outage.pendingLeft,
    failover_s: Number(failover.failoverS.toFixed(2)),
    failover_commands_answered_before_kill: failover.answeredBeforeKill,
    db_outage_s: Number(outage.outageS.toFixed(1)),
    db_outage_commands: outage.commandsDuringOutage,
    db_outage_failed_commands: outage.failedDuringOutage,
    db_outage_readyz: [...new Set(outage.readyDuringOutage)],
    events_during_outage: outage.eventsDuringOutage,
    events_persisted_after_outage_ratio: outage.persistedAfterRatio,
    multi_node_commands: latencies.length,
    multi_node_p50_ms: lat.p50_ms,
    multi_node_p99_ms: lat.p99_ms,
    multi_node_max_ms: lat.max_ms,
  };
  recordResult(
    'resilience',
    QUICK ? 'RESILIENCE_QUICK=1 npm run bench -- resilience' : 'npm run bench -- resilience',
    figures,
    `${QUICK ? 'QUICK: ' : ''}${figures.crash_iterations} kills (api ${figures.crash_killed_api}, worker ${figures.crash_killed_worker}): trips lost ${figures.trips_lost}, ` +
      `events lost ${figures.events_lost}, double assignments ${figures.double_assignments}; Redis failover ${figures.failover_s} s; ` +
      `PostgreSQL outage ${figures.db_outage_s} s (${figures.db_outage_commands} commands, ${figures.db_outage_failed_commands} failed), ` +
      `persisted after ${figures.events_persisted_after_outage_ratio}; command on B → client of A p50 ${figures.multi_node_p50_ms} ms, p99 ${figures.multi_node_p99_ms} ms`,
  );
}

/**
 * The cross-process latency alone. The other figures stay those of the last full run (its date
 * is kept as `faults_date`); the latency's own run date and machine are the record's.
 */
async function measureLatencyOnly(log: (line: string) => void): Promise<void> {
  log(`latency across processes only: ${LATENCY_COMMANDS} commands`);
  const latencies = await withTopology({}, (topo) => multiNodeLatency(topo, { commands: LATENCY_COMMANDS }));
  const lat = summarizeLatencies(latencies);
  const path = new URL('../results/resilience.json', import.meta.url);
  const last = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const { name: _name, command: _command, date, machine: _machine, commit: _commit, ...faults } = last;
  const figures = {
    ...faults,
    faults_date: faults.faults_date ?? date ?? null,
    multi_node_commands: latencies.length,
    multi_node_p50_ms: lat.p50_ms,
    multi_node_p99_ms: lat.p99_ms,
    multi_node_max_ms: lat.max_ms,
  };
  recordResult('resilience', 'RESILIENCE_LATENCY_ONLY=1 npm run bench -- resilience', figures,
    `latency only (faults as of ${String(figures.faults_date)}): command on B → client of A p50 ${figures.multi_node_p50_ms} ms, p99 ${figures.multi_node_p99_ms} ms, max ${figures.multi_node_max_ms} ms (${latencies.length} commands)`);
}
