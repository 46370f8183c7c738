/**
 * The peers workload on plain PostgreSQL (skip-locked-gate.ts): a cycle is
 * start (UPDATE) → one transaction that moves the truck on and takes the
 * lane's next truck with `SELECT … ORDER BY rank, score FOR UPDATE SKIP LOCKED`;
 * when the truck left (after the gate) a new one arrives (INSERT).
 */
import pg from 'pg';
import { SkipLockedGate } from './skip-locked-gate.ts';
import { timedLoops, type TimedLoopsResult } from './timed-loops.ts';
import { backendCpuDelta, cpuPerUnit, postgresBackendCpu, warmPool } from './store-cpu.ts';
import type { PeerCheck, PeerWorkload } from './peers-workload.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * @example
 * const r = await runSkipLockedPeer(peerWorkload(60_000, 10), databaseUrl);
 */
export async function runSkipLockedPeer(workload: PeerWorkload, databaseUrl: string): Promise<TimedLoopsResult & PeerCheck & { preload_s: number }> {
  // One connection per lane loop, as each worker of a real deployment would hold.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: workload.lanes.length });
  try {
    const gate = await SkipLockedGate.create(pool, 'peers_skip_locked');
    const t0 = performance.now();
    await gate.enqueueMany(workload.trucks, Date.now() - workload.trucks.length);
    await pool.query(`ANALYZE ${gate.schema}.trip`);
    const preload_s = +((performance.now() - t0) / 1000).toFixed(1);
    const laneTrip = new Map<string, string | undefined>();
    const arrive = workload.arrivals();
    for (const lane of workload.lanes) {
      await gate.addLane(lane.id, lane.stage);
      const c = await pool.connect();
      try {
        laneTrip.set(lane.id, await gate.assignIdle(c, lane.id, lane.stage));
      } finally {
        c.release();
      }
    }
    const visits = async () => Number((await pool.query<{ n: string }>(`SELECT sum(stage_index) AS n FROM ${gate.schema}.trip`)).rows[0]!.n);
    const before = await visits();
    await warmPool(pool, workload.lanes.length);
    const backends0 = await postgresBackendCpu(pool);
    const client0 = process.cpuUsage();
    const result = await timedLoops(workload.lanes.length, workload.seconds, async (w) => {
      const lane = workload.lanes[w]!;
      const c = await pool.connect();
      try {
        const tripId = laneTrip.get(lane.id) ?? (await gate.assignIdle(c, lane.id, lane.stage));
        if (!tripId) {
          c.release();
          await sleep(2);
          return false;
        }
        await gate.start(c, tripId);
        laneTrip.set(lane.id, await gate.completeAndAssign(c, lane.id, lane.stage, tripId, Date.now()));
        // Every route ends at the gate: the truck has left, a new one arrives.
        if (lane.stage === 'gate') await gate.enqueue(c, arrive(), Date.now());
        c.release();
        return true;
      } catch (err) {
        c.release();
        throw err;
      }
    });
    const cpu = cpuPerUnit(process.cpuUsage(client0), backendCpuDelta(backends0, await postgresBackendCpu(pool)), result.cycles);
    return { ...result, ...cpu, storeVisits: (await visits()) - before, preload_s };
  } finally {
    await pool.end();
  }
}
