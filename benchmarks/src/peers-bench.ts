/**
 * `npm run bench -- peers`: the same per-stage, priority-then-FIFO assignment
 * workload (peers-workload.ts) measured in one run three ways:
 *   - BorderFlow's Lua scheduler on Redis (peers-borderflow.ts);
 *   - plain PostgreSQL with `FOR UPDATE SKIP LOCKED` (peers-skip-locked.ts);
 *   - pg-boss, a priority queue per stage (peers-pgboss.ts).
 * The two PostgreSQL peers run in a database created for the run on
 * DATABASE_URL's server (default: the machine's 127.0.0.1:5432), dropped
 * afterwards. Without a PostgreSQL server only BorderFlow runs: pg-boss needs
 * a real server (it uses LISTEN, advisory locks and partitioned tables), and
 * PGlite runs in-process, which would put the peers on the load generator's
 * event loop: no fair comparison.
 */
import { recordResult } from './record-result.ts';
import { createBenchDatabase } from './bench-database.ts';
import { peerWorkload, PEER_LANES } from './peers-workload.ts';
import { runBorderFlowPeer } from './peers-borderflow.ts';
import { runSkipLockedPeer } from './peers-skip-locked.ts';
import { runPgBossPeer } from './peers-pgboss.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Trucks in the system (waiting or in a lane), kept constant: a truck that leaves is replaced.
 * 2,000 is a generous backlog for one gate (Kim Thành sees 400–600 trucks a day).
 */
const BACKLOG = Number(process.env.BENCH_PEERS_BACKLOG ?? 2_000);

type PeerResult = Awaited<ReturnType<typeof runBorderFlowPeer>>;

function line(name: string, r: PeerResult) {
  return `${name}: ${r.cycles_per_s} visits/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms (${r.cycles} visits, store counted ${r.storeVisits}, `
    + `idle polls ${r.idle}, preload ${r.preload_s} s; CPU per visit: workers ${r.client_cpu_us} µs, store ${r.store_cpu_us ?? 'n/a'} µs)`;
}

const ratio = (a: number, b: number) => +(a / Math.max(b, 1e-9)).toFixed(2);
const totalCpu = (r: PeerResult) => (r.store_cpu_us === null ? null : r.client_cpu_us + r.store_cpu_us);
/** Total CPU (workers + store) per visit of a peer over BorderFlow's. */
function cpuRatio(peer: PeerResult | null, borderflow: PeerResult): number | null {
  const a = peer && totalCpu(peer);
  const b = totalCpu(borderflow);
  return a === null || b === null ? null : ratio(a, b);
}

export async function runPeersBench() {
  const workload = peerWorkload(BACKLOG, SECONDS);
  console.log(`peers bench: ${workload.lanes.length} lanes (${JSON.stringify(PEER_LANES)}), one loop each, ${BACKLOG} trucks in the system, ${SECONDS}s per implementation`);
  const borderflow = await runBorderFlowPeer(workload);
  console.log(line('BorderFlow (Lua on Redis)', borderflow));

  const db = await createBenchDatabase('peers');
  let skipLocked: PeerResult | null = null;
  let pgBoss: PeerResult | null = null;
  try {
    if (db) {
      skipLocked = await runSkipLockedPeer(workload, db.url);
      console.log(line('PostgreSQL SKIP LOCKED', skipLocked));
      pgBoss = await runPgBossPeer(workload, db.url);
      console.log(line('pg-boss', pgBoss));
    } else {
      console.warn('no PostgreSQL server: the SKIP LOCKED and pg-boss peers are skipped (PGlite is not suitable: see peers-bench.ts)');
    }
  } finally {
    await db?.drop();
  }

  const summary = (r: PeerResult | null) => r && {
    visits_per_s: r.cycles_per_s, p50_ms: r.p50_ms, p90_ms: r.p90_ms, p99_ms: r.p99_ms, max_ms: r.max_ms,
    visits: r.cycles, store_counted_visits: r.storeVisits, idle_polls: r.idle, preload_s: r.preload_s,
    client_cpu_us_per_visit: r.client_cpu_us, store_cpu_us_per_visit: r.store_cpu_us,
    total_cpu_us_per_visit: r.store_cpu_us === null ? null : r.client_cpu_us + r.store_cpu_us,
  };
  const figures = {
    seconds: SECONDS, backlog: BACKLOG, lanes: PEER_LANES,
    borderflow: summary(borderflow),
    postgres_skip_locked: summary(skipLocked),
    pg_boss: summary(pgBoss),
    throughput_ratio_vs_skip_locked: skipLocked && ratio(borderflow.cycles_per_s, skipLocked.cycles_per_s),
    throughput_ratio_vs_pg_boss: pgBoss && ratio(borderflow.cycles_per_s, pgBoss.cycles_per_s),
    p99_ratio_skip_locked_vs_borderflow: skipLocked && ratio(skipLocked.p99_ms, borderflow.p99_ms),
    p99_ratio_pg_boss_vs_borderflow: pgBoss && ratio(pgBoss.p99_ms, borderflow.p99_ms),
    cpu_ratio_skip_locked_vs_borderflow: cpuRatio(skipLocked, borderflow),
    cpu_ratio_pg_boss_vs_borderflow: cpuRatio(pgBoss, borderflow),
  };
  const cpuText = (r: PeerResult) => `, CPU/visit ${r.client_cpu_us}+${r.store_cpu_us ?? '?'} µs`;
  const peerText = (name: string, r: PeerResult | null, x: number | null, c: number | null) =>
    r ? `; ${name} ${r.cycles_per_s}/s (p50 ${r.p50_ms}, p99 ${r.p99_ms} ms${cpuText(r)}) → BorderFlow ×${x} throughput, ×${c} less CPU` : `; ${name} skipped (no PostgreSQL)`;
  recordResult('peers', 'npm run bench -- peers', figures,
    `${workload.lanes.length} stage lanes, ${BACKLOG} trucks in the system: BorderFlow ${borderflow.cycles_per_s} stage visits/s (p50 ${borderflow.p50_ms}, p99 ${borderflow.p99_ms} ms${cpuText(borderflow)})`
    + peerText('PostgreSQL SKIP LOCKED', skipLocked, figures.throughput_ratio_vs_skip_locked, figures.cpu_ratio_skip_locked_vs_borderflow)
    + peerText('pg-boss', pgBoss, figures.throughput_ratio_vs_pg_boss, figures.cpu_ratio_pg_boss_vs_borderflow));
  return figures;
}
