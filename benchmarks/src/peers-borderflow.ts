/**
 * The peers workload on BorderFlow's scheduler (GateScheduler, one Lua script
 * per command on Redis). A lane is pushed its next truck by the same script
 * that completes the current one, so a cycle is: start (Lua) → complete +
 * advance + assign (Lua) → read which truck the lane now has (HGET); when the
 * truck left (after the gate) a new one checks in (Lua).
 * The gate runs its published policy (DEFAULT_POLICY: aging, then the
 * interleave perishable, trusted, 5 × ordinary; FIFO within a class).
 */
import { Redis } from 'ioredis';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { GateScheduler, type LaneConfig } from '@borderflow/scheduler';
import { openBenchRedis } from './bench-redis.ts';
import { timedLoops, type TimedLoopsResult } from './timed-loops.ts';
import { cpuPerUnit, redisCpuSeconds } from './store-cpu.ts';
import type { PeerCheck, PeerWorkload } from './peers-workload.ts';
import { gateKeysOf } from '@borderflow/scheduler/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * @example
 * const r = await runBorderFlowPeer(peerWorkload(60_000, 10));
 */
export async function runBorderFlowPeer(workload: PeerWorkload): Promise<TimedLoopsResult & PeerCheck & { preload_s: number }> {
  const server = await openBenchRedis();
  // Auto-pipelining batches the commands of concurrent loops into one write per tick.
  const redis = new Redis(server.url, { enableAutoPipelining: true });
  const s = new GateScheduler({ redis, gate: 'PEERS', prefix: `bench:peers:${process.pid}:` });
  const meta = { actor: 'bench' };
  try {
    const lanes: LaneConfig[] = workload.lanes.map((l) => ({
      id: l.id, name: l.id, direction: 'exit', capabilities: [l.stage], classes: [], status: 'open',
    }));
    await s.configure(lanes, DEFAULT_POLICY, meta);
    const t0 = performance.now();
    const base = Date.now() - workload.trucks.length;
    for (let i = 0; i < workload.trucks.length; i += 500) {
      await Promise.all(workload.trucks.slice(i, i + 500).map((t, k) => s.checkIn({
        tripId: t.id, plate: t.id, direction: 'exit', priorityClass: t.priorityClass, stages: t.stages,
        // Arrival order = list order, one ms apart, as in the other implementations.
        ...meta, now: base + i + k,
      }).then((r) => {
        if (!r.ok) throw new Error(`check-in ${t.id}: ${r.code} ${r.message}`);
      })));
    }
    const preload_s = +((performance.now() - t0) / 1000).toFixed(1);
    const laneTrip = new Map<string, string>();
    const arrive = workload.arrivals();
    const completions = async () => {
      const n = await redis.hmget(gateKeysOf(s).service, 'documents:n', 'xray:n', 'gate:n');
      return n.reduce((sum, v) => sum + Number(v ?? 0), 0);
    };
    const before = await completions();
    const redis0 = await redisCpuSeconds(redis);
    const client0 = process.cpuUsage();
    const result = await timedLoops(workload.lanes.length, workload.seconds, async (w) => {
      const lane = workload.lanes[w]!;
      let tripId = laneTrip.get(lane.id) || (await redis.hget(gateKeysOf(s).lane(lane.id), 'trip'));
      if (!tripId) {
        // Nothing this lane can serve is waiting: it is idle until a truck is called to it.
        await sleep(2);
        return false;
      }
      const started = await s.startInspection({ laneId: lane.id, tripId, ...meta });
      if (!started.ok) throw new Error(`start ${tripId}: ${started.code} ${started.message}`);
      const done = await s.complete({ laneId: lane.id, tripId, outcome: 'cleared', ...meta });
      if (!done.ok) throw new Error(`complete ${tripId}: ${done.code} ${done.message}`);
      tripId = await redis.hget(gateKeysOf(s).lane(lane.id), 'trip');
      laneTrip.set(lane.id, tripId ?? '');
      if (done.trip?.state === 'exit_queue') {
        const t = arrive();
        const r = await s.checkIn({ tripId: t.id, plate: t.id, direction: 'exit', priorityClass: t.priorityClass, stages: t.stages, ...meta });
        if (!r.ok) throw new Error(`check-in ${t.id}: ${r.code} ${r.message}`);
      }
      return true;
    });
    const cpu = cpuPerUnit(process.cpuUsage(client0), (await redisCpuSeconds(redis)) - redis0, result.cycles);
    return { ...result, ...cpu, storeVisits: (await completions()) - before, preload_s };
  } finally {
    await s.deleteGateKeys();
    await redis.quit();
    await server.stop();
  }
}
