/**
 * The simulation worker: runs the managers' simulations that the API queued (BullMQ queue
 * `simulations` under the platform's key prefix) and writes each run's progress, report and HTML
 * page to its `simulation_runs` row, from which any API process answers. At start it publishes
 * the scenario and policy catalog (the files are ours) to Redis, where the API reads it: the API
 * never imports this package. `npm start` runs one beside the feeder; `simulation-worker-cli.ts`
 * runs one on its own (with DATABASE_URL and REDIS_URL).
 *
 * A run of kind `plan-what-if` is a manager's draft capacity plan against the plan in force (both
 * in the row's `input`): one simulated day each, same seed, reported side by side.
 */
import { Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import {
  SIM_ACTIVE_TTL_MS, SIM_QUEUE, SIM_RELEASE_SLOT_LUA, simActiveKey, simCatalogKey, simQueuePrefix, ZPlanWhatIfInputSchema, ZSimJobDataSchema,
  type PlanWhatIfReport, type SimJobData,
} from '@borderflow/contracts';
import type { Prisma, PrismaClient } from '@borderflow/db';
import { loadPolicy, loadScenario, simCatalog } from './sim/scenario-files.ts';
import { runSimulation } from './sim/run-simulation.ts';
import { planWhatIf } from './sim/plan-what-if.ts';

/** Progress is written at most this often (and on every whole percent is too chatty for the database). */
const PROGRESS_EVERY_MS = 250;

export interface SimulationWorkerOptions {
  /** The platform's Redis; the worker makes its own connections from it. */
  redis: Redis | Cluster;
  prisma: PrismaClient;
  /** The platform's key prefix (default `bf:`). */
  prefix?: string;
  /** Runs at once in this process (default 1: a run is CPU-bound, and the API allows one at a time anyway). */
  concurrency?: number;
  log?: { info(data: object, msg: string): void; warn(data: object, msg: string): void };
}

export interface SimulationWorker {
  close(): Promise<void>;
}

function duplicate(redis: Redis | Cluster, options: { maxRetriesPerRequest: null | number; connectionName: string }): Redis | Cluster {
  return redis.isCluster ? (redis as Cluster).duplicate(undefined, { redisOptions: options }) : (redis as Redis).duplicate(options);
}

/**
 * @example
 * const worker = await startSimulationWorker({ redis, prisma: db.prisma, prefix: 'bf:' });
 * // ... POST /v1/simulations now runs
 * await worker.close();
 */
export async function startSimulationWorker(o: SimulationWorkerOptions): Promise<SimulationWorker> {
  const prefix = o.prefix ?? 'bf:';
  const activeKey = simActiveKey(prefix);
  // Throws on a broken scenario or policy file: better a worker that does not start than a catalog that lies.
  const publishCatalog = () => o.redis.set(simCatalogKey(prefix), JSON.stringify(simCatalog()));
  await publishCatalog();
  // BullMQ blocks on its connection (maxRetriesPerRequest null); a run's back-to-back scheduler
  // commands get another, so they queue behind neither BullMQ nor the platform.
  const bull = duplicate(o.redis, { maxRetriesPerRequest: null, connectionName: 'borderflow-sim-worker' });
  const simRedis = duplicate(o.redis, { maxRetriesPerRequest: 3, connectionName: 'borderflow-sim-run' });
  for (const c of [bull, simRedis]) c.on('error', () => undefined);

  const run = async (job: Job<SimJobData>) => {
    const { runId } = ZSimJobDataSchema.parse(job.data);
    const row = await o.prisma.simulationRun.findUnique({ where: { id: runId } });
    if (!row || row.status === 'done' || row.status === 'failed') return; // gone, or a re-delivered job of a finished run
    await o.prisma.simulationRun.update({ where: { id: runId }, data: { status: 'running', startedAt: new Date(), progress: 0 } });
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    try {
      const onProgress = (fraction: number) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        const progress = Math.min(1, Math.round(fraction * 1000) / 1000);
        // One write at a time, in order; the slot's life is renewed while the run moves.
        writing = writing
          .then(() => Promise.all([
            o.prisma.simulationRun.update({ where: { id: runId }, data: { progress } }),
            o.redis.pexpire(activeKey, SIM_ACTIVE_TTL_MS),
          ]))
          .catch((err: unknown) => o.log?.warn({ err, simulation: runId }, 'could not record simulation progress'));
      };
      const runPrefix = `${prefix}sim:${runId}:`;
      const report = row.kind === 'plan-what-if'
        ? await runPlanWhatIf(simRedis, runPrefix, row.input, Number(row.seed), onProgress)
        : await runSimulation({
          redis: simRedis, prefix: runPrefix, scenario: loadScenario(row.scenario), policies: row.policies.map(loadPolicy), seed: Number(row.seed), onProgress,
        });
      await writing;
      await o.prisma.simulationRun.update({
        where: { id: runId },
        data: { status: 'done', progress: 1, report: report as unknown as Prisma.InputJsonValue, finishedAt: new Date() },
      });
      o.log?.info({ simulation: runId, scenario: row.scenario }, 'simulation done');
    } catch (err) {
      await writing;
      o.log?.warn({ err, simulation: runId }, 'simulation failed');
      await o.prisma.simulationRun.update({
        where: { id: runId },
        data: { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() },
      });
    } finally {
      // Free the one-run slot if it is still this run's.
      await o.redis.eval(SIM_RELEASE_SLOT_LUA, 1, activeKey, runId);
    }
  };

  const worker = new Worker<SimJobData>(SIM_QUEUE, run, {
    connection: bull, prefix: simQueuePrefix(prefix), concurrency: o.concurrency ?? 1,
    // A run holds the event loop in long stretches; a short lock would be taken for a stall and run twice.
    lockDuration: 120_000,
  });
  worker.on('error', (err) => o.log?.warn({ err: err.message }, 'simulation worker error'));
  await worker.waitUntilReady();
  o.log?.info({ prefix }, 'simulation worker ready');

  return {
    async close() {
      await worker.close();
      await Promise.all([bull, simRedis].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/** The draft, then the plan in force, on the same seed and day; each half of the progress. */
async function runPlanWhatIf(
  redis: Redis | Cluster, prefix: string, input: unknown, seed: number, onProgress: (fraction: number) => void,
): Promise<PlanWhatIfReport> {
  const i = ZPlanWhatIfInputSchema.parse(input);
  const day = (plan: typeof i.draft, part: number, key: string) => planWhatIf({
    redis, prefix: `${prefix}${key}:`, plan, date: i.date, share: i.share, seed,
    onProgress: (hours) => onProgress((part + Math.min(1, hours / 24)) / 2),
  });
  const draft = await day(i.draft, 0, 'draft');
  const published = await day(i.published, 1, 'published');
  return {
    version: 1, gate: i.gate, date: i.date, share: i.share, seed, publishedVersion: i.publishedVersion,
    draft: { ...draft, bookingsAffected: i.bookingsAffected.draft },
    published: { ...published, bookingsAffected: i.bookingsAffected.published },
  };
}
