/**
 * What durability across a failover costs: check-ins on a real primary with a real replica
 * (`redis-server --replicaof`), three ways, in one run:
 *   - none: the command is acknowledged once the primary ran it (what a failover can lose);
 *   - min-replicas-to-write 1 on the primary: writes are refused when no replica is connected
 *     (lag ≤ 10 s), but an acknowledged write can still be lost (replication is asynchronous);
 *   - WAIT 1: the scheduler acknowledges only after a replica confirmed the write (GateScheduler
 *     `waitReplicas`), so a promoted replica has every acknowledged command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULT_POLICY, type PriorityClass } from '@borderflow/contracts';
import { GateScheduler, KIM_THANH_LANES, type GateSchedulerOptions } from '@borderflow/scheduler';
import { startRedisServer } from '@borderflow/testkit';
import { recordResult } from './record-result.ts';
import { timedLoops } from './timed-loops.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CLASSES: PriorityClass[] = ['ordinary', 'ordinary', 'trusted', 'perishable'];

async function waitForLink(replica: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (/master_link_status:up/.test(await replica.info('replication'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('replica did not connect to the primary');
}

export async function runReplicationBench() {
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-repl-'));
  const primary = await startRedisServer({ dir: join(dir, 'primary'), appendonly: false });
  const replica = await startRedisServer({ dir: join(dir, 'replica'), appendonly: false, args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  const redis = new Redis(primary.url);
  const replicaClient = new Redis(replica.url);
  try {
    await waitForLink(replicaClient);
    const modes: Array<{ name: string; wait?: GateSchedulerOptions['waitReplicas']; minReplicas: number }> = [
      { name: 'none', minReplicas: 0 },
      { name: 'min_replicas_to_write', minReplicas: 1 },
      { name: 'wait_1_replica', wait: { replicas: 1, timeoutMs: 1000 }, minReplicas: 0 },
    ];
    const figures: Record<string, unknown> = { seconds: SECONDS, concurrency: CONCURRENCY };
    for (const mode of modes) {
      await redis.config('SET', 'min-replicas-to-write', String(mode.minReplicas));
      await redis.config('SET', 'min-replicas-max-lag', '10');
      const s = new GateScheduler({ redis, gate: `R${mode.name.length}`, prefix: `bench:${mode.name}:`, waitReplicas: mode.wait });
      await s.configure(KIM_THANH_LANES, DEFAULT_POLICY, { actor: 'bench' });
      let next = 0;
      let refused = 0;
      const r = await timedLoops(CONCURRENCY, SECONDS, async () => {
        const id = `t${next++}`;
        const res = await s.checkIn({
          tripId: id, plate: id, direction: 'exit', priorityClass: CLASSES[next % CLASSES.length]!, stages: ['documents', 'gate'], actor: 'bench',
        });
        if (!res.ok) refused++;
      });
      figures[`${mode.name}_commands_per_s`] = Math.round(r.cycles_per_s);
      figures[`${mode.name}_p50_ms`] = r.p50_ms;
      figures[`${mode.name}_p99_ms`] = r.p99_ms;
      figures[`${mode.name}_refused`] = refused;
    }
    await redis.config('SET', 'min-replicas-to-write', '0');
    const ratio = Number(figures.wait_1_replica_commands_per_s) / Number(figures.none_commands_per_s);
    figures.wait_throughput_ratio = Math.round(ratio * 100) / 100;
    recordResult(
      'replication',
      'npm run bench -- replication',
      figures,
      `check-ins/s on a primary with one loopback replica, ${CONCURRENCY} loops: none ${figures.none_commands_per_s} ` +
        `(p99 ${figures.none_p99_ms} ms), min-replicas-to-write ${figures.min_replicas_to_write_commands_per_s}, ` +
        `WAIT 1 ${figures.wait_1_replica_commands_per_s} (p99 ${figures.wait_1_replica_p99_ms} ms; ×${figures.wait_throughput_ratio})`,
    );
  } finally {
    redis.disconnect();
    replicaClient.disconnect();
    await replica.stop();
    await primary.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
