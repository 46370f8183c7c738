/**
 * `npm run typecheck`: every workspace's TypeScript, checked once.
 *
 * Workspaces import each other's sources, so `tsc -p <workspace>` in each of them (what turbo ran)
 * checks the shared files again and again: contracts, the scheduler and the database layer in
 * nearly all thirteen programs. Workspaces whose tsconfig.json only extends the base config and
 * lists files get the same compiler options either way, so they are checked as one program. A
 * workspace keeps a program of its own when it has options of its own (the console: DOM, JSX) or
 * when one of its files changes the global scope (`/// <reference lib="dom" />`, `declare global`):
 * in a shared program that would reach every other workspace's files too, and could hide an error
 * there (the benchmarks' console bench references the DOM; with it, a server file could use
 * `document`, and Node's fetch would be checked against the DOM's).
 * The programs run side by side (2 cores), each a `tsc --noEmit` of a tsconfig written under .data/.
 *
 * @example
 * npx tsx infra/testkit/src/typecheck/typecheck.ts          # exit 1 if any program has an error
 * npx tsx infra/testkit/src/typecheck/typecheck.ts --plan   # print the programs, check nothing
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface TypecheckProgram {
  /** `shared` for the workspaces checked together, else the workspace's folder. */
  name: string;
  /** The tsconfig.json tsc is given (absolute). */
  tsconfig: string;
  /** The workspace folders (relative to the root) the program covers. */
  workspaces: string[];
}

/**
 * The programs that check every workspace of `root` once; writes the shared program's tsconfig to
 * `<root>/.data/typecheck/tsconfig.json` when there is one.
 */
export function planTypecheck(root: string): TypecheckProgram[] {
  const patterns = (readJson(join(root, 'package.json')).workspaces as string[] | undefined) ?? [];
  const shared: { base: string; dirs: string[]; include: string[]; exclude: string[] } = { base: '', dirs: [], include: [], exclude: [] };
  const own: TypecheckProgram[] = [];
  for (const pattern of patterns) {
    const dir = resolve(root, pattern);
    const tsconfig = join(dir, 'tsconfig.json');
    if (!existsSync(tsconfig)) continue;
    const config = readTsconfig(tsconfig);
    const base = typeof config.extends === 'string' ? resolve(dir, config.extends) : null;
    const onlyFiles = Object.keys(config).every((key) => ['extends', 'include', 'exclude'].includes(key));
    // Only a workspace whose options are exactly the shared base's, and whose files keep to their own
    // scope, may join the shared program.
    if (base && onlyFiles && (shared.base === '' || shared.base === base) && !changesGlobalScope(dir)) {
      shared.base = base;
      shared.dirs.push(dir);
      for (const glob of (config.include as string[] | undefined) ?? ['**/*']) shared.include.push(join(dir, glob));
      for (const glob of (config.exclude as string[] | undefined) ?? []) shared.exclude.push(join(dir, glob));
    } else {
      own.push({ name: relative(root, dir), tsconfig, workspaces: [relative(root, dir)] });
    }
  }
  if (shared.dirs.length === 0) return own;
  const out = join(root, '.data', 'typecheck');
  mkdirSync(out, { recursive: true });
  const tsconfig = join(out, 'tsconfig.json');
  const generated = {
    extends: relative(out, shared.base),
    include: shared.include.map((glob) => relative(out, glob)),
    // Only when a workspace has one: an `exclude` replaces tsc's default (node_modules).
    ...(shared.exclude.length > 0 ? { exclude: ['**/node_modules/**', ...shared.exclude.map((glob) => relative(out, glob))] } : {}),
  };
  writeFileSync(tsconfig, `${JSON.stringify(generated, null, 2)}\n`);
  return [{ name: 'shared', tsconfig, workspaces: shared.dirs.map((dir) => relative(root, dir)) }, ...own];
}

/** Runs `tsc --noEmit -p` for every program at once; resolves to the number that failed. */
export async function runTypecheck(programs: TypecheckProgram[], root: string): Promise<number> {
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const results = await Promise.all(
    programs.map(
      (program) =>
        new Promise<boolean>((done) => {
          const started = Date.now();
          const child = spawn(process.execPath, [tsc, '--noEmit', '-p', program.tsconfig], { cwd: root });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.on('close', (code) => {
            // One block per program, whole: two programs' errors never interleave.
            const took = ((Date.now() - started) / 1000).toFixed(1);
            process.stdout.write(`typecheck ${program.name} (${program.workspaces.join(', ')}): ${code === 0 ? 'ok' : 'FAILED'} in ${took} s\n${output}`);
            done(code === 0);
          });
        }),
    ),
  );
  return results.filter((ok) => !ok).length;
}

const DECLARE_GLOBAL = /^\s*(export\s+)?declare\s+global\b/m;
const SKIP_DIRS = new Set(['node_modules', 'generated', 'dist', '.data', '.turbo', 'coverage', '.stryker-tmp']);

/** Does any TypeScript file of the workspace hold a triple-slash reference or a global declaration? */
function changesGlobalScope(dir: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && changesGlobalScope(path)) return true;
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      const { referencedFiles, typeReferenceDirectives, libReferenceDirectives } = ts.preProcessFile(text, true, true);
      if (referencedFiles.length + typeReferenceDirectives.length + libReferenceDirectives.length > 0 || DECLARE_GLOBAL.test(text)) return true;
    }
  }
  return false;
}

/** tsconfig.json may hold comments and trailing commas: TypeScript's own reader. */
function readTsconfig(path: string): Record<string, unknown> {
  const { config, error } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  if (error) throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config as Record<string, unknown>;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const programs = planTypecheck(root);
  if (process.argv.includes('--plan')) {
    for (const program of programs) console.log(`${program.name}: ${relative(root, program.tsconfig)} (${program.workspaces.join(', ')})`);
  } else {
    const failed = await runTypecheck(programs, root);
    if (failed > 0) process.exit(1);
  }
}
