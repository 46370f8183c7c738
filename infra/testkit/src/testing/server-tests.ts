/**
 * Which test files can give a different answer on the machine's PostgreSQL and Redis than on PGlite
 * and the kit's redis-server child — the ones CI's servers phase must run again.
 *
 * CI runs `npm test` twice (.ci/run): embedded (DATABASE_URL and REDIS_URL unset), then on the
 * servers. A file that never reaches a database, Redis, or the variables that name them (a pure
 * rule, a schema, a component) gives the same answer both times, so the servers phase may leave it
 * out (`BORDERFLOW_SERVER_TESTS_ONLY=1`, see vitest-config.ts); it still runs in the embedded phase.
 *
 * "Reaches" is decided from the source, conservatively: a file needs the servers if it, or any
 * module it imports (relative imports and `@borderflow/*` packages, followed through their barrels,
 * static and dynamic imports and re-exports), mentions one of SERVER_MARKERS — the names of the
 * test kit's database and Redis helpers, the variables CI sets differently in its two phases, vitest's
 * `inject` (the Redis URL is provided that way too), a dynamic import of a computed path (whatever it
 * loads cannot be followed: the doc-example tests load every file of a folder) — or imports child
 * processes or worker threads
 * (a child or a worker inherits process.env, so whatever it starts can read them). A driver import
 * alone does not count: without one of those names it can only reach a server both phases share, or
 * an in-memory PGlite. A false "needs the servers" costs only time; the rule errs that way on purpose.
 *
 * @example
 * ```ts
 * const { needServers, independent } = classifyTestFiles('/repo/services/api');
 * ```
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type * as TypeScript from 'typescript';

// Loaded on first use: every workspace's vitest config imports this module, and only CI's servers
// phase classifies (TypeScript costs about half a second to load on these cores).
let typescript: typeof TypeScript | null = null;
const ts = () => (typescript ??= createRequire(import.meta.url)('typescript') as typeof TypeScript);

/** Text that makes a module (and every file importing it) need the servers. */
export const SERVER_MARKERS =
  /\b(DATABASE_URL|REDIS_URL|BORDERFLOW_E2E|openTestDatabase|openDatabase|sharedTestStore|testRedis|testRedisUrl|redisUrl)\b|\binject\(|\bimport\(\s*(?!['"])/;

/** Packages whose import makes a module need the servers: drivers, and what passes process.env on. */
export const SERVER_PACKAGES = new Set([
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
]);

const TEST_FILE = /\.test\.(ts|tsx|mts)$/;
const SKIP_DIRS = new Set(['node_modules', 'generated', 'dist', '.data', '.turbo', 'coverage', '.stryker-tmp']);
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

export interface TestFileClasses {
  /** Test files (absolute paths) that reach a database, Redis or their variables. */
  needServers: string[];
  /** Why, per file of `needServers`: the marker and the import chain to the module holding it. */
  reasons: Map<string, string>;
  /** Test files that do not: the same answer on either database and Redis. */
  independent: string[];
}

/** Classifies every `*.test.ts(x)` under `workspaceDir`; `repoRoot` holds the workspaces' package.json. */
export function classifyTestFiles(workspaceDir: string, repoRoot = findRepoRoot(workspaceDir)): TestFileClasses {
  const packages = workspacePackages(repoRoot);
  // Per module: does its own text or a driver import need the servers, and which of our modules it imports.
  const modules = new Map<string, { marked: string | null; imports: string[] }>();
  const moduleOf = (file: string): { marked: string | null; imports: string[] } => {
    let module = modules.get(file);
    if (!module) {
      const text = readFileSync(file, 'utf8');
      const specifiers = ts().preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
      module = {
        marked: SERVER_MARKERS.exec(text)?.[0] ?? specifiers.find((specifier) => SERVER_PACKAGES.has(specifier)) ?? null,
        imports: specifiers.map((specifier) => resolveImport(file, specifier, packages)).filter((target) => target !== null),
      };
      modules.set(file, module);
    }
    return module;
  };
  // A walk of the file's whole import closure (cycles and barrels included).
  const needs = (file: string): string | null => {
    const importedBy = new Map<string, string | null>([[file, null]]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const module = moduleOf(current);
      if (module.marked) {
        const chain = [current];
        for (let by = importedBy.get(current); by; by = importedBy.get(by)) chain.unshift(by);
        return `'${module.marked}' in ${chain.map((path) => relative(repoRoot, path)).join(' -> ')}`;
      }
      for (const next of module.imports) {
        if (!importedBy.has(next)) {
          importedBy.set(next, current);
          queue.push(next);
        }
      }
    }
    return null;
  };

  const classes: TestFileClasses = { needServers: [], independent: [], reasons: new Map() };
  for (const file of testFiles(workspaceDir)) {
    const reason = needs(file);
    if (reason === null) {
      classes.independent.push(file);
    } else {
      classes.needServers.push(file);
      classes.reasons.set(file, reason);
    }
  }
  return classes;
}

/** Globs (relative to `workspaceDir`) of the test files the servers phase leaves out. */
export function serverIndependentGlobs(workspaceDir: string): string[] {
  return classifyTestFiles(workspaceDir).independent.map((file) => relative(workspaceDir, file).split(sep).join('/'));
}

function resolveImport(from: string, specifier: string, packages: Map<string, Record<string, string>>): string | null {
  let base: string | null = null;
  if (specifier.startsWith('.')) {
    base = resolve(dirname(from), specifier);
  } else if (specifier.startsWith('@borderflow/')) {
    const [scope, name, ...rest] = specifier.split('/');
    const exports = packages.get(`${scope}/${name}`);
    const entry = exports?.[rest.length === 0 ? '.' : `./${rest.join('/')}`];
    if (!exports || !entry) return null;
    base = entry;
  }
  if (base === null) return null;
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Each workspace package's export map, made absolute (`main` stands for "."). */
function workspacePackages(repoRoot: string): Map<string, Record<string, string>> {
  const packages = new Map<string, Record<string, string>>();
  const patterns = (readJson(join(repoRoot, 'package.json')).workspaces as string[] | undefined) ?? [];
  for (const pattern of patterns) {
    const dir = resolve(repoRoot, pattern);
    const pkg = readJson(join(dir, 'package.json'));
    const exports: Record<string, string> = {};
    if (typeof pkg.main === 'string') exports['.'] = resolve(dir, pkg.main);
    if (typeof pkg.exports === 'string') exports['.'] = resolve(dir, pkg.exports);
    else if (pkg.exports && typeof pkg.exports === 'object') {
      for (const [key, value] of Object.entries(pkg.exports as Record<string, unknown>)) {
        if (typeof value === 'string') exports[key] = resolve(dir, value);
      }
    }
    packages.set(pkg.name as string, exports);
  }
  return packages;
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(entry)) out.push(...testFiles(path));
    } else if (TEST_FILE.test(entry)) {
      out.push(path);
    }
  }
  return out.sort();
}

function findRepoRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && Array.isArray(readJson(manifest).workspaces)) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json with workspaces above ${start}`);
  }
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
