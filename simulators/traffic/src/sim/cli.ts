/**
 * `npm run sim -- <scenario> [--seed N] [--compare policyA,policyB] [--policy P] [--out DIR] [--lang vi|en|zh]`
 * `npm run sim -- calibrate --observed <file.csv> --out <result.json> [--lang vi|en|zh]` (see ../calibration/)
 *
 * Runs a scenario through the real scheduler in virtual time and writes a JSON and a
 * self-contained HTML report (default folder .data/sim-reports/, git-ignored). Uses REDIS_URL
 * when set, otherwise starts a throw-away redis-server of its own (no persistence).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { SimReport } from '@borderflow/contracts';
import { startRedisServer, type RedisServerHandle } from '@borderflow/testkit';
import { runCalibrateCommand } from '../calibration/calibrate-command.ts';
import { QueueCsvError } from '../calibration/echerha-csv.ts';
import { renderReportHtml, simReportLocale } from '@borderflow/contracts';
import { runSimulation } from './run-simulation.ts';
import { loadPolicy, loadScenario, simCatalog, SimFileError } from './scenario-files.ts';

const USAGE = `usage: npm run sim -- <scenario> [--seed N] [--compare policyA,policyB] [--policy P] [--out DIR] [--lang vi|en|zh] [--no-eta]
       npm run sim -- calibrate --observed <file.csv> --out <result.json> [--lang vi|en|zh]`;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  const { scenarios, policies } = simCatalog();
  console.error(`scenarios: ${scenarios.map((s) => s.id).join(', ')}\npolicies:  ${policies.map((p) => p.id).join(', ')}`);
  process.exit(2);
}

/** A progress bar in simulated hours on stderr (a line per policy when stderr is not a terminal). */
function progressBar() {
  const tty = process.stderr.isTTY;
  let lastLine = '';
  return {
    update(fraction: number, policy: string, hours: number) {
      const width = 30;
      const done = Math.round(fraction * width);
      const line = `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(fraction * 100).toFixed(0).padStart(3)} %  ${policy}: ${hours.toFixed(1)} h simulated`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (Math.floor(hours) % 6 === 0 && line !== lastLine && hours % 1 === 0) process.stderr.write(`${line}\n`);
      lastLine = line;
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

function summary(report: SimReport): string {
  const head = ['policy', 'arrived', 'crossed', 'in gate at end', 'wait p50', 'wait p90', 'in gate p50', 'ETA |err| p50', 'ETA rel p50', 'unexplained overtakes', 'wall s'];
  const rows = report.runs.map((r) => [
    r.policy.id, r.trucks.arrived, r.trucks.crossed, r.trucks.inGateAtEnd,
    `${r.waits.firstCallUp.p50Min ?? '–'} min`, `${r.waits.firstCallUp.p90Min ?? '–'} min`, `${r.waits.timeInGate.p50Min ?? '–'} min`,
    `${r.eta.absErrorP50Min ?? '–'} min`, r.eta.relErrorP50 === null ? '–' : `${Math.round(r.eta.relErrorP50 * 100)} %`,
    r.fairness.unexplained, (r.wallMs / 1000).toFixed(1),
  ].map(String));
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  let out = `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`;
  if (report.comparison) {
    const ids = report.runs.map((r) => r.policy.id);
    out += `\nside by side (same trucks, seed ${report.seed}):\n`;
    for (const row of report.comparison.rows) {
      out += `  ${`${row.metric} (${row.unit})`.padEnd(38)} ${ids.map((id) => String(row.values[id] ?? '–').padStart(10)).join(' ')}\n`;
    }
  }
  return out;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      compare: { type: 'string' },
      policy: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      'no-eta': { type: 'boolean' },
      observed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) usage();
  if (positionals[0] === 'calibrate') {
    if (!values.observed || !values.out || positionals.length > 1) usage('calibrate needs --observed <file.csv> and --out <result.json>');
    try {
      const { result, json, html } = runCalibrateCommand(values.observed, values.out, simReportLocale(values.lang ?? 'en'));
      const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
      console.log(`${result.rows} observations: fitted on ${result.train_hours}, tested on ${result.test_hours}`);
      console.log(`wait MdAPE ${pct(result.wait_mdape)} (naive ${pct(result.baseline_wait_mdape)}, without drift ${pct(result.level_only_wait_mdape)}); MAE ${result.wait_mae_min} min (naive ${result.baseline_wait_mae_min} min)`);
      console.log(`report: ${html}\n        ${json}`);
    } catch (err) {
      if (err instanceof QueueCsvError || (err as NodeJS.ErrnoException).code === 'ENOENT') usage(`${values.observed}: ${(err as Error).message}`);
      throw err;
    }
    return;
  }
  const scenarioId = positionals[0];
  if (!scenarioId || positionals.length > 1) usage(scenarioId ? 'one scenario at a time' : 'which scenario?');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) usage(`--seed must be an integer 0..2^32-1, got ${values.seed}`);
  let scenario;
  let policies;
  try {
    scenario = loadScenario(scenarioId);
    const ids = values.compare ? values.compare.split(',').map((p) => p.trim()).filter(Boolean) : [values.policy ?? scenario.policy];
    policies = ids.map(loadPolicy);
  } catch (err) {
    if (err instanceof SimFileError) usage(err.message);
    throw err;
  }

  let server: RedisServerHandle | null = null;
  let dir: string | null = null;
  let url = process.env.REDIS_URL;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'bf-sim-redis-'));
    server = await startRedisServer({ dir, appendonly: false });
    url = server.url;
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  const bar = progressBar();
  try {
    const report = await runSimulation({
      redis, prefix: `sim:cli:${process.pid}:${Date.now()}:`, scenario, policies, seed,
      measureEta: !values['no-eta'], onProgress: bar.update,
    });
    bar.end();
    const out = resolve(values.out ?? '.data/sim-reports');
    mkdirSync(out, { recursive: true });
    const base = join(out, `${scenario.id}-seed${seed}-${policies.map((p) => p.id).join('-vs-')}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${base}.html`, renderReportHtml(report, simReportLocale(values.lang ?? 'en')));
    console.log(`\n${scenario.title} — seed ${seed}, ${(report.wallMs / 1000).toFixed(1)} s wall, ${report.trucksPerWallSecond} simulated trucks per wall-second\n`);
    console.log(summary(report));
    console.log(`report: ${base}.html\n        ${base}.json`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
