/**
 * `npm run rebuild-gate -- [GATE]`: rebuilds one gate's live Redis state
 * (lanes, queues in the same order, held trucks, exit queue, policy) from
 * PostgreSQL, the system of record — after a Redis loss, or to repair drift.
 *
 * Stop the platform first (its processes write to the gate). Before wiping,
 * the persist consumer stores any event still in the stream, so nothing the
 * platform accepted is lost by the rebuild. Uses DATABASE_URL / REDIS_URL, or
 * the embedded ones under DATA_DIR that `npm start` uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '@borderflow/testkit';

const gate = process.argv[2] ?? 'KT';
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const prefix = process.env.REDIS_PREFIX ?? 'bf:';

function embeddedRedisRunning(): boolean {
  const pidFile = join(dataDir, 'redis', 'redis-server.pid');
  if (!existsSync(pidFile)) return false;
  try {
    return readFileSync(`/proc/${Number(readFileSync(pidFile, 'utf8'))}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return false;
  }
}

async function main() {
  let redisUrl = process.env.REDIS_URL;
  let embedded: RedisServerHandle | null = null;
  if (!redisUrl) {
    if (embeddedRedisRunning()) throw new Error('`npm start` is running: stop it first (Ctrl-C), then rebuild');
    embedded = await startRedisServer({ dir: join(dataDir, 'redis'), appendonly: true, args: ['--appendfsync', 'always'] });
    redisUrl = embedded.url;
  }
  const { openDatabase } = await import('@borderflow/db');
  const { GateScheduler } = await import('@borderflow/scheduler');
  const { startEventConsumer, loadGateState } = await import('@borderflow/persist');
  const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  const redis = new Redis(redisUrl);
  try {
    const scheduler = new GateScheduler({ redis, gate, prefix });
    if (await redis.exists(scheduler.eventsStream())) {
      const consumer = startEventConsumer({ redis, prisma: db.prisma, gate, prefix, consumerName: `rebuild-${process.pid}` });
      await consumer.drained();
      await consumer.stop();
      console.log('stored every event still in the stream');
    }
    const state = await loadGateState(db.prisma, gate);
    await scheduler.rebuild(state);
    const snapshot = await scheduler.snapshot();
    const problems = await scheduler.invariants();
    console.log(`gate ${gate} rebuilt from the database: ${state.lanes.length} lanes, ${state.trips.length} live trips, policy v${state.policyVersion}, seq ${snapshot.seq}`);
    for (const [stage, entries] of Object.entries(snapshot.queues)) console.log(`  queue ${stage}: ${entries?.length ?? 0}`);
    console.log(`  held ${snapshot.held.length}, exit queue ${snapshot.exitQueue.length}`);
    if (problems.length) {
      console.error(`invariants broken after rebuild:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    await redis.quit();
    await db.close();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
