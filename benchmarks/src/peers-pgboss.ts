/**
 * The peers workload on pg-boss (v10), a real job-queue library on
 * PostgreSQL: one queue per stage, a truck is a job whose priority is its
 * class. A lane's cycle is: fetch the best job of its stage's queue (pg-boss
 * orders by priority, then creation time; the fetch marks it active: the
 * truck is called and started), then one transaction that completes the job
 * and sends the truck to its next stage's queue, so a truck is never lost or
 * doubled between stages; when the truck left (after the gate) a new one
 * arrives (send).
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { timedLoops, type TimedLoopsResult } from './timed-loops.ts';
import { backendCpuDelta, cpuPerUnit, postgresBackendCpu, warmPool } from './store-cpu.ts';
import type { PeerCheck, PeerStage, PeerWorkload } from './peers-workload.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SCHEMA = 'peers_pgboss';
const queueOf = (stage: string) => `stage-${stage}`;
/** pg-boss serves higher numbers first; our rank 0 (perishable) is served first. */
const priorityOf = (rank: number) => 3 - rank;
/** Ids that sort in arrival order: jobs inserted in one batch share created_on, and pg-boss then orders by id. */
const orderedId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

interface TruckJob {
  truck: string;
  rank: number;
  /** Stages after the current one. */
  next: PeerStage[];
}

/**
 * @example
 * const r = await runPgBossPeer(peerWorkload(60_000, 10), databaseUrl);
 */
export async function runPgBossPeer(workload: PeerWorkload, databaseUrl: string): Promise<TimedLoopsResult & PeerCheck & { preload_s: number }> {
  const loops = workload.lanes.length;
  // Maintenance, monitoring and cron off: only the queue operations are measured.
  const boss = new PgBoss({ connectionString: databaseUrl, schema: SCHEMA, max: loops, supervise: false, schedule: false, migrate: true });
  let stopping = false;
  boss.on('error', (err) => {
    if (!stopping) console.warn('pg-boss:', err);
  });
  // Each lane loop's transaction (complete + send) runs on a connection of its own.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: loops });
  try {
    await boss.start();
    const stages = [...new Set(workload.lanes.map((l) => l.stage))];
    for (const stage of stages) await boss.createQueue(queueOf(stage), { name: queueOf(stage), policy: 'standard' });
    const t0 = performance.now();
    for (let i = 0; i < workload.trucks.length; i += 1000) {
      await boss.insert(workload.trucks.slice(i, i + 1000).map((t, k): PgBoss.JobInsert<TruckJob> => ({
        id: orderedId(i + k),
        name: queueOf(t.stages[0]!),
        priority: priorityOf(t.rank),
        data: { truck: t.id, rank: t.rank, next: t.stages.slice(1) },
      })));
    }
    await pool.query(`ANALYZE ${SCHEMA}.job`);
    const preload_s = +((performance.now() - t0) / 1000).toFixed(1);
    const completed = async () =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.job WHERE state = 'completed'`)).rows[0]!.n);
    const before = await completed();
    const arrive = workload.arrivals();
    // Open every connection of both pools before the window (pg-boss's with one query per lane at once).
    await warmPool(pool, loops);
    await Promise.all(workload.lanes.map(() => boss.getQueueSize(queueOf(workload.lanes[0]!.stage))));
    const backends0 = await postgresBackendCpu(pool);
    const client0 = process.cpuUsage();
    const result = await timedLoops(loops, workload.seconds, async (w) => {
      const lane = workload.lanes[w]!;
      const [job] = await boss.fetch<TruckJob>(queueOf(lane.stage), { batchSize: 1, priority: true });
      if (!job) {
        await sleep(2);
        return false;
      }
      const c = await pool.connect();
      const db = { executeSql: (text: string, values: unknown[]) => c.query(text, values) };
      try {
        await c.query('BEGIN');
        await boss.complete(job.name, job.id, { db });
        const [nextStage, ...rest] = job.data.next;
        if (nextStage) {
          await boss.send(queueOf(nextStage), { truck: job.data.truck, rank: job.data.rank, next: rest }, { priority: priorityOf(job.data.rank), db });
        }
        await c.query('COMMIT');
        if (!nextStage) {
          const t = arrive();
          await boss.send(queueOf(t.stages[0]!), { truck: t.id, rank: t.rank, next: t.stages.slice(1) }, { priority: priorityOf(t.rank) });
        }
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      } finally {
        c.release();
      }
      return true;
    });
    const cpu = cpuPerUnit(process.cpuUsage(client0), backendCpuDelta(backends0, await postgresBackendCpu(pool)), result.cycles);
    return { ...result, ...cpu, storeVisits: (await completed()) - before, preload_s };
  } finally {
    stopping = true;
    await boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await pool.end();
  }
}
