/**
 * `npm run mutation -- <target> [--record before|after] [--concurrency 1|2]`: runs StrykerJS on one target of
 * ./targets.ts and prints its mutation score. Slow (minutes) and not part of `npm test` or CI.
 * `--record` writes the counts into benchmarks/results/mutation.json as that target's
 * "before" or "after" figure (the table benchmarks/RESULTS.md quotes).
 *
 * StrykerJS 10 needs Node 22; these machines run Node 20, so we use 9.5 and patch its vitest runner
 * (see {@link patchVitestRunnerSeparator}). Once on Node 22: StrykerJS ≥ 10.1 has the fix, drop the patch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';
import { MUTATION_TARGETS, TARGET_ENV, isMutationTarget, type MutationTargetName } from './targets.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RESULTS = `${ROOT}benchmarks/results/mutation.json`;

interface Counts { score: number; killed: number; survived: number; no_coverage: number; timeout: number }
interface TargetRow { name: string; before: number | null; after: number | null; killed: number; survived: number; no_coverage: number; timeout: number }

/**
 * Vitest 5 matches `testNamePattern` against the suite chain joined with ` > `; StrykerJS 9.5's
 * vitest runner builds test ids with a space, so the filter of every mutant run matched no test,
 * nothing ran, and every covered mutant counted as survived. Fixed upstream in 10.1 (Node ≥ 22 only):
 * the same one-line change, applied here to the installed runner (idempotent).
 */
function patchVitestRunnerSeparator(): void {
  const require = createRequire(join(ROOT, 'package.json'));
  const dir = join(dirname(require.resolve('@stryker-mutator/vitest-runner/package.json')), 'dist/src');
  for (const file of ['test-helpers.js', 'stryker-setup.js']) {
    const path = join(dir, file);
    const source = readFileSync(path, 'utf8');
    const patched = source.replace("nameParts.join(' ').trim()", "nameParts.join(' > ').trim()");
    if (!patched.includes("nameParts.join(' > ')")) throw new Error(`cannot patch ${path}: StrykerJS vitest runner changed`);
    if (patched !== source) writeFileSync(path, patched);
  }
}

function options(name: MutationTargetName, concurrency: number): PartialStrykerOptions {
  return {
    mutate: MUTATION_TARGETS[name].mutate,
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'infra/testkit/stryker/vitest.config.ts', related: false },
    coverageAnalysis: 'perTest',
    // The machines are shared, 2 cores: 2 test runners at most (`--concurrency 1` for fewer).
    concurrency,
    reporters: ['clear-text', 'progress', 'json'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['reports', 'benchmarks/screenshots', 'screenshots', '.data', '.turbo', 'coverage'],
    thresholds: { high: 90, low: 80, break: null },
  };
}

function count(results: ReadonlyArray<{ status: string }>): Counts {
  const n = (s: string) => results.filter((r) => r.status === s).length;
  const killed = n('Killed');
  const timeout = n('Timeout');
  const survived = n('Survived');
  const noCoverage = n('NoCoverage');
  const valid = killed + timeout + survived + noCoverage;
  // Stryker's score: detected (killed or timed out) over valid mutants; compile/runtime errors and
  // `// Stryker disable` ones do not count.
  const score = valid ? Math.round(((killed + timeout) / valid) * 1000) / 10 : 0;
  return { score, killed, survived, no_coverage: noCoverage, timeout };
}

function record(name: MutationTargetName, when: 'before' | 'after', c: Counts): void {
  let doc: { targets: TargetRow[] } = { targets: [] };
  try {
    doc = JSON.parse(readFileSync(RESULTS, 'utf8')) as { targets: TargetRow[] };
  } catch {
    // first record
  }
  let row = doc.targets.find((t) => t.name === name);
  if (!row) {
    row = { name, before: null, after: null, killed: 0, survived: 0, no_coverage: 0, timeout: 0 };
    doc.targets.push(row);
  }
  row[when] = c.score;
  if (when === 'after') Object.assign(row, { killed: c.killed, survived: c.survived, no_coverage: c.no_coverage, timeout: c.timeout });
  writeFileSync(RESULTS, `${JSON.stringify(doc, null, 2)}\n`);
}

const [name = '', ...rest] = process.argv.slice(2);
const flag = (f: string) => (rest.includes(f) ? rest[rest.indexOf(f) + 1] : undefined);
const when = flag('--record');
const concurrency = Number(flag('--concurrency') ?? 2);
if (!isMutationTarget(name) || (rest.includes('--record') && when !== 'before' && when !== 'after') || (concurrency !== 1 && concurrency !== 2)) {
  console.error(`usage: npm run mutation -- <${Object.keys(MUTATION_TARGETS).join('|')}> [--record before|after] [--concurrency 1|2]`);
  process.exit(2);
}
process.chdir(ROOT);
patchVitestRunnerSeparator();
process.env[TARGET_ENV] = name;
const started = Date.now();
const results = await new Stryker(options(name, concurrency)).runMutationTest();
const c = count(results);
console.log(
  `mutation score ${name}: ${c.score} % (killed ${c.killed}, timeout ${c.timeout}, survived ${c.survived}, `
  + `no coverage ${c.no_coverage}) in ${Math.round((Date.now() - started) / 1000)} s, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
if (when) record(name, when as 'before' | 'after', c);
