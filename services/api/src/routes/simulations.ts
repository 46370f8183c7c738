/**
 * Managers run a gate simulation from the console: list the scenarios and policies, start a
 * run (one at a time per API process, in-process, on its own Redis key prefix that is deleted
 * afterwards), poll its progress, and read the report as JSON or as a self-contained HTML page.
 */
import { randomUUID } from 'node:crypto';
import {
  ZSimCatalogSchema, ZSimRunAcceptedSchema, ZSimRunParamsSchema, ZSimRunRequestSchema, ZSimRunStatusSchema,
  type SimPolicyFile, type SimRunStatus, type SimScenario,
} from '@borderflow/contracts';
import { loadPolicy, loadScenario, renderReportHtml, runSimulation, simCatalog, SimFileError } from '@borderflow/traffic';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';

/** Finished runs kept in memory for their reports (oldest dropped first). */
const KEEP_RUNS = 20;

function load<T>(read: () => T, field: string): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SimFileError) {
      throw err.kind === 'not_found' ? new AppError('NOT_FOUND', err.message, field) : new AppError('INTERNAL', err.message);
    }
    throw err;
  }
}

export function simulationRoutes(api: ApiRouter, ctx: ApiContext): void {
  const runs = new Map<string, SimRunStatus>();
  let running: string | null = null;
  // Under the platform's own key prefix, so whatever cleans the platform's keys cleans these too.
  const basePrefix = ctx.schedulers.values().next().value?.keys.prefix ?? 'bf:';

  const start = (id: string, scenario: SimScenario, policies: SimPolicyFile[], seed: number) => {
    // A connection of its own: the run's back-to-back commands do not queue behind the API's.
    const redis = ctx.redis.duplicate();
    running = id;
    void runSimulation({
      redis, prefix: `${basePrefix}sim:${id}:`, scenario, policies, seed,
      onProgress: (fraction) => { runs.get(id)!.progress = Math.min(1, Math.round(fraction * 1000) / 1000); },
    })
      .then((report) => Object.assign(runs.get(id)!, { status: 'done', progress: 1, report }))
      .catch((err: unknown) => {
        ctx.logger.error({ err, simulation: id }, 'simulation failed');
        Object.assign(runs.get(id)!, { status: 'failed', error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        runs.get(id)!.finishedAt = new Date().toISOString();
        running = null;
        void redis.quit().catch(() => redis.disconnect());
      });
  };

  api.route({
    method: 'get',
    path: '/v1/simulations/scenarios',
    summary: 'Scenarios (simulators/scenarios) and named policies a simulation can run',
    tag: 'simulations',
    access: ['manager', 'admin'],
    response: ZSimCatalogSchema,
    handler: () => load(simCatalog, 'scenario'),
  });

  api.route({
    method: 'post',
    path: '/v1/simulations',
    summary: 'Start a simulation of a scenario (same seed under each policy to compare); one at a time',
    tag: 'simulations',
    access: ['manager', 'admin'],
    body: ZSimRunRequestSchema,
    response: ZSimRunAcceptedSchema,
    status: 202,
    errors: [404, 409],
    handler: ({ body }) => {
      if (running) throw new AppError('CONFLICT', `simulation ${running} is still running; start another when it is done`);
      const scenario = load(() => loadScenario(body.scenario), 'scenario');
      const policies = load(() => (body.policies ?? [scenario.policy]).map(loadPolicy), 'policies');
      const id = randomUUID();
      const seed = body.seed ?? Math.floor(Math.random() * 2 ** 31);
      runs.set(id, {
        id, scenario: scenario.id, seed, policies: policies.map((p) => p.id), status: 'running', progress: 0,
        startedAt: new Date().toISOString(), finishedAt: null, error: null, report: null,
      });
      for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP_RUNS))) runs.delete(old);
      start(id, scenario, policies, seed);
      return { id };
    },
  });

  const runOf = (id: string) => {
    const run = runs.get(id);
    if (!run) throw AppError.notFound(`Simulation ${id}`, 'id');
    return run;
  };

  api.route({
    method: 'get',
    path: '/v1/simulations/:id',
    summary: 'A simulation run: status, progress, and its report (JSON) when done',
    tag: 'simulations',
    access: ['manager', 'admin'],
    params: ZSimRunParamsSchema,
    response: ZSimRunStatusSchema,
    errors: [404],
    handler: ({ params }) => runOf(params.id),
  });

  api.route({
    method: 'get',
    path: '/v1/simulations/:id/report.html',
    summary: 'The report of a finished simulation as a self-contained HTML page',
    tag: 'simulations',
    access: ['manager', 'admin'],
    params: ZSimRunParamsSchema,
    response: null,
    errors: [404, 409],
    handler: ({ params, res }) => {
      const run = runOf(params.id);
      if (!run.report) throw new AppError('CONFLICT', `simulation ${run.id} is ${run.status}: no report yet`, 'id');
      res.type('html').send(renderReportHtml(run.report));
      return undefined;
    },
  });
}
