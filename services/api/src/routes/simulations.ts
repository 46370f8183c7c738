/**
 * Managers run a gate simulation from the console: list the scenarios and policies, start a
 * run, poll its progress, and read the report as JSON or as a self-contained HTML page (rendered
 * when read, in the reader's language).
 *
 * A run is a BullMQ job on the platform's Redis and a row of `simulation_runs`: this route
 * enqueues it and answers 202; a simulation worker (simulators/traffic, an app the API does not
 * import) runs it and writes progress and the report to the row, so any API process answers
 * the polls. The catalog is what the worker published (it owns the scenario files). One run at a
 * time across every process (a Redis key holds the active run), and starts are rate-limited.
 *
 * A capacity plan what-if (issue 12, item 10) is a run of the same queue and table (kind
 * `plan-what-if`): a manager's draft plan and the plan in force, both stored in full with the
 * run, each simulated for one day; the bookings each would leave over capacity are counted here,
 * where the slot ledger is.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import {
  PLAN_WHAT_IF_SCENARIO, SLOT_CLASSES, ZPlanWhatIfReportSchema, type PlanWhatIfInput, type PlanWhatIfStatus,
  renderReportHtml, ROUTES, SIM_ACTIVE_TTL_MS, SIM_QUEUE, SIM_RELEASE_SLOT_LUA, simActiveKey, simCatalogKey, simQueuePrefix,
  ZSimCatalogSchema, ZSimReportSchema, type SimCatalog, type SimJobData, type SimRunStatus,
} from '@borderflow/contracts';
import type { SimulationRun } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import type { RouteBudget } from '../http/request-rate-limit.ts';
import { pickLang } from '../http/problem-messages.ts';
import { capacityFor, missingTemplates } from '@borderflow/scheduler';
import { bookingsOf } from '../booking/arrival.ts';
import { bookingsOverCapacity, planOf } from '../booking/capacity-service.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** Starts one account may ask for a minute: a run takes minutes of CPU, a person starts a few. */
const DEFAULT_STARTS_PER_MINUTE = 10;

/** The catalog a worker published, or 409: without a worker nothing could run. */
async function catalogOf(ctx: ApiContext): Promise<SimCatalog> {
  const text = await ctx.redis.get(simCatalogKey(ctx.prefix));
  const parsed = text ? ZSimCatalogSchema.safeParse(JSON.parse(text)) : null;
  if (!parsed?.success) {
    throw AppError.worded('CONFLICT', REFUSALS.noSimWorker);
  }
  return parsed.data;
}

/** Where a run stands, as scenario runs and what-ifs answer it. A queued run reads as running at 0 (the answer the console knows). */
function progressOf(row: SimulationRun) {
  return {
    id: row.id,
    status: row.status === 'queued' ? 'running' : (row.status as SimRunStatus['status']),
    progress: row.progress,
    startedAt: (row.startedAt ?? row.createdAt).toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

/** A scenario run as the API answers it. */
function statusOf(row: SimulationRun): SimRunStatus {
  return {
    ...progressOf(row),
    scenario: row.scenario,
    seed: Number(row.seed),
    policies: row.policies,
    report: row.report === null ? null : ZSimReportSchema.parse(row.report),
  };
}

export function simulationRoutes(api: ApiRouter, ctx: ApiContext): void {
  // On the shared command connection: adding a job needs no blocking command (the worker has its own).
  const queue = new Queue<SimJobData>(SIM_QUEUE, { connection: ctx.redis, prefix: simQueuePrefix(ctx.prefix) });
  queue.on('error', (err) => ctx.logger.warn({ err: err.message }, 'simulations queue error'));
  const budget: RouteBudget = { name: 'sim-start', perAccount: Number(process.env.SIMULATION_STARTS_PER_MINUTE) || DEFAULT_STARTS_PER_MINUTE, windowMs: 60_000 };
  const activeKey = simActiveKey(ctx.prefix);

  /** Takes the one-run slot for `id`, or 409 naming the run that holds it (a finished holder is stale: freed). */
  const takeSlot = async (id: string) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await ctx.redis.set(activeKey, id, 'PX', SIM_ACTIVE_TTL_MS, 'NX')) return;
      const holder = await ctx.redis.get(activeKey);
      if (!holder) continue;
      const row = await ctx.db.simulationRun.findUnique({ where: { id: holder }, select: { status: true } });
      if (row && (row.status === 'queued' || row.status === 'running')) {
        throw AppError.worded('CONFLICT', REFUSALS.simRunning(holder));
      }
      // The worker frees the slot when a run ends; a holder that ended anyway (or never got a row) is stale.
      await ctx.redis.eval(SIM_RELEASE_SLOT_LUA, 1, activeKey, holder);
    }
    throw AppError.worded('CONFLICT', REFUSALS.simStarting);
  };

  /** Queues a run whose row is written; on a failure to queue, the row fails and the slot is freed. */
  const enqueue = async (id: string, data: Parameters<typeof ctx.db.simulationRun.create>[0]['data']) => {
    await takeSlot(id);
    try {
      await ctx.db.simulationRun.create({ data });
      await queue.add('run', { runId: id }, { jobId: id, removeOnComplete: true, removeOnFail: 100 });
    } catch (err) {
      await ctx.db.simulationRun.updateMany({ where: { id }, data: { status: 'failed', error: 'could not be queued', finishedAt: new Date() } }).catch(() => undefined);
      await ctx.redis.eval(SIM_RELEASE_SLOT_LUA, 1, activeKey, id);
      throw err;
    }
  };

  api.route(ROUTES.simulationCatalog, {
    permission: 'simulation.run',
    handler: () => catalogOf(ctx),
  });

  api.route(ROUTES.startSimulation, {
    permission: 'simulation.run',
    budget,
    handler: async ({ body, req }) => {
      const catalog = await catalogOf(ctx);
      const scenario = catalog.scenarios.find((s) => s.id === body.scenario);
      if (!scenario) throw AppError.worded('NOT_FOUND', REFUSALS.noScenario, 'scenario');
      const policies = body.policies ?? [scenario.policy];
      if (policies.some((p) => !catalog.policies.some((known) => known.id === p))) throw AppError.worded('NOT_FOUND', REFUSALS.noSimPolicy, 'policies');
      const id = randomUUID();
      const seed = body.seed ?? Math.floor(Math.random() * 2 ** 31);
      await enqueue(id, { id, requestedBy: principalOf(req).id, scenario: scenario.id, policies, seed: BigInt(seed), status: 'queued' });
      return { id };
    },
  });

  // A what-if run is read on its own route (its report has another shape): not found here.
  const runOf = async (id: string) => {
    const row = await ctx.db.simulationRun.findUnique({ where: { id } });
    if (!row || row.kind !== 'scenario') throw AppError.worded('NOT_FOUND', REFUSALS.simulationNotFound(id), 'id');
    return row;
  };

  api.route(ROUTES.readSimulation, {
    permission: 'simulation.run',
    handler: async ({ params }) => statusOf(await runOf(params.id)),
  });

  api.route(ROUTES.simulationReport, {
    permission: 'simulation.run',
    handler: async ({ params, req, res }) => {
      const run = await runOf(params.id);
      if (run.status !== 'done' || run.report === null) {
        throw AppError.worded('CONFLICT', REFUSALS.simNoReport(run.id, run.status === 'queued' ? 'running' : run.status), 'id');
      }
      // Rendered now, in the reader's language (Accept-Language: vi, en, zh), from the stored JSON.
      res.vary('Accept-Language');
      res.type('html').send(renderReportHtml(ZSimReportSchema.parse(run.report), pickLang(req.headers['accept-language'])));
      return undefined;
    },
  });

  api.route(ROUTES.startPlanWhatIf, {
    permission: 'capacity-plan.what-if',
    budget,
    handler: async ({ params, body, req }) => {
      await catalogOf(ctx); // 409 without a worker: the run would wait in the queue for nobody
      const current = await planOf(ctx, params.gate, 0);
      const missing = missingTemplates(body.plan);
      if (missing.length > 0) {
        throw AppError.worded('VALIDATION_FAILED', {
          en: `plan.week/exceptions: no template named ${missing.join(', ')}`,
          vi: `plan.week/exceptions: không có mẫu nào tên ${missing.join(', ')}`,
          zh: `plan.week/exceptions：没有名为 ${missing.join(', ')} 的模板`,
        }, 'plan.templates');
      }
      const slots = Array.from({ length: 24 }, (_, h) => h).reduce((n, h) => n + (['exit', 'entry'] as const)
        .reduce((m, d) => m + SLOT_CLASSES.reduce((k, c) => k + capacityFor(body.plan, body.date, h, d, c), 0), 0), 0);
      if (slots === 0) {
        throw AppError.worded('VALIDATION_FAILED', {
          en: `plan: the draft offers no slots on ${body.date}; nothing would arrive to simulate`,
          vi: `plan: bản nháp không có khung giờ nào vào ngày ${body.date}; không có xe nào để mô phỏng`,
          zh: `plan：草案在 ${body.date} 没有任何时段，无可模拟的车辆`,
        }, 'date');
      }
      const ledger = bookingsOf(ctx).ledger;
      const [draftOver, publishedOver] = await Promise.all([
        bookingsOverCapacity(ctx, ledger, params.gate, body.plan, current.timezone),
        bookingsOverCapacity(ctx, ledger, params.gate, current.plan, current.timezone),
      ]);
      const input: PlanWhatIfInput = {
        gate: params.gate, date: body.date, share: body.share, draft: body.plan, published: current.plan, publishedVersion: current.version,
        bookingsAffected: { draft: draftOver.length, published: publishedOver.length },
      };
      const id = randomUUID();
      const seed = body.seed ?? Math.floor(Math.random() * 2 ** 31);
      await enqueue(id, {
        id, kind: 'plan-what-if', requestedBy: principalOf(req).id, scenario: PLAN_WHAT_IF_SCENARIO, policies: [], seed: BigInt(seed),
        status: 'queued', input: input as object,
      });
      return { id };
    },
  });

  api.route(ROUTES.readPlanWhatIf, {
    permission: 'capacity-plan.what-if',
    handler: async ({ params }): Promise<PlanWhatIfStatus> => {
      const row = await ctx.db.simulationRun.findUnique({ where: { id: params.id } });
      const input = row?.input as PlanWhatIfInput | null | undefined;
      if (!row || row.kind !== 'plan-what-if' || input?.gate !== params.gate) throw AppError.worded('NOT_FOUND', REFUSALS.whatIfNotFound(params.id, params.gate), 'id');
      return {
        ...progressOf(row),
        gate: input.gate,
        date: input.date,
        report: row.report === null ? null : ZPlanWhatIfReportSchema.parse(row.report),
      };
    },
  });
}
