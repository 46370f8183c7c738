/**
 * Where benchmark figures go: a JSON file per benchmark and a row in
 * RESULTS.md with the command, date and machine, so figures are never quoted
 * without the run that produced them.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export function machine(): string {
  const cpu = cpus();
  // The load average says how much others competed for the cores during the run (5-minute figure at its end).
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'} ×${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()[1]!.toFixed(1)}`;
}

/** The commit measured, `+dirty` when the tree had uncommitted changes (several engineers share it). */
function commit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/**
 * @example recordResult('scheduler', 'npm run bench -- scheduler', { cycles_per_s: 12000 }, 'summary text')
 */
export function recordResult(name: string, command: string, figures: Record<string, unknown>, summary: string) {
  // BENCH_DRY_RUN=1: a trial run (while tuning a benchmark) prints its figures but records nothing.
  if (process.env.BENCH_DRY_RUN) {
    console.log(JSON.stringify({ name, command, machine: machine(), ...figures }, null, 2));
    console.log(`(BENCH_DRY_RUN: not recorded) ${summary}`);
    return;
  }
  const results = `${ROOT}results`;
  if (!existsSync(results)) mkdirSync(results, { recursive: true });
  const record = { name, command, date: new Date().toISOString(), machine: machine(), commit: commit(), ...figures };
  writeFileSync(`${results}/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  const file = `${ROOT}RESULTS.md`;
  if (!existsSync(file)) {
    writeFileSync(file, '# Benchmark results\n\nEvery row is one run: `npm run bench -- <name>` appends it. Machines are noisy (2 cores); compare ratios measured in the same run.\n\n| date | benchmark | command | machine | figures |\n|---|---|---|---|---|\n');
  }
  appendFileSync(file, `| ${record.date.slice(0, 16).replace('T', ' ')} | ${name} | \`${command}\` | ${record.machine} | ${summary} |\n`);
  console.log(JSON.stringify(record, null, 2));
}
