/**
 * The layering rule of the monorepo, checked on every `npm run lint` (CI runs it):
 *
 *   contracts <- domain <- adapters <- apps        (testkit sits below all: it imports nothing of ours)
 *
 * A package may import its own layer or a lower one, never a higher one; imports inside a layer must
 * not form a cycle; every `@borderflow/*` import is declared in the importing package's package.json;
 * and no file reaches into another package by a relative path (vitest configs may reach the test
 * kit's vitest config: vite bundles relative config imports, Node 20 cannot load TypeScript packages).
 *
 * TypeScript's own pre-processor lists a file's imports (static, dynamic, re-exports; not comments).
 * Kept dependency-free on purpose: a test plants a wrong-way import in a fixture repo (check-layers.test.ts).
 *
 * @example
 * npx tsx infra/testkit/src/layers/check-layers.ts        # exit 1 and one line per violation
 * npx tsx infra/testkit/src/layers/check-layers.ts --list # also print every cross-package edge
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Lower number = lower layer. A package not listed here is a violation of its own (it must be placed). */
export const LAYERS: Readonly<Record<string, number>> = {
  '@borderflow/testkit': 0,
  '@borderflow/contracts': 1,
  // domain: the scheduler's rules and commands
  '@borderflow/scheduler': 2,
  // adapters: database, persist consumer, agency transports, HTTP API + Socket.IO gateway
  '@borderflow/db': 3,
  '@borderflow/persist': 3,
  '@borderflow/customs': 3,
  '@borderflow/api': 3,
  // the typed HTTP client (made from the route table): imports only contracts and zod
  '@borderflow/client': 3,
  // apps: what people run
  '@borderflow/console': 4,
  '@borderflow/traffic': 4,
  '@borderflow/customs-authority': 4,
  '@borderflow/app': 4,
  '@borderflow/benchmarks': 4,
};
const LAYER_NAMES = ['testkit', 'contracts', 'domain', 'adapters', 'apps'];

/**
 * Wrong-way imports that are known and not yet moved, each with its file. A listed one that is gone
 * fails the check too, so the list only shrinks. Keep it empty when you can.
 */
export const KNOWN_WRONG_WAY: readonly string[] = [
];

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'generated', 'dist', '.data', '.turbo', 'coverage']);

interface Workspace {
  name: string;
  dir: string;
  declared: Set<string>;
}

export interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

export interface LayerReport {
  edges: Edge[];
  violations: string[];
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function workspacesOf(root: string): Workspace[] {
  const patterns = (readJson(join(root, 'package.json')).workspaces as string[] | undefined) ?? [];
  return patterns.map((pattern) => {
    const dir = resolve(root, pattern);
    const pkg = readJson(join(dir, 'package.json'));
    const declared = new Set<string>();
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      for (const name of Object.keys((pkg[field] as Record<string, string> | undefined) ?? {})) declared.add(name);
    }
    return { name: pkg.name as string, dir, declared };
  });
}

function sourceFiles(dir: string, nested: Set<string>): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(entry) && !nested.has(path)) out.push(...sourceFiles(path, nested));
    } else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

function packageOf(specifier: string): string | null {
  if (!specifier.startsWith('@borderflow/')) return null;
  return specifier.split('/').slice(0, 2).join('/');
}

function findCycles(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Checks the monorepo at `root` (its package.json lists the workspaces). */
export function checkLayers(root: string, knownWrongWay: readonly string[] = KNOWN_WRONG_WAY): LayerReport {
  const workspaces = workspacesOf(root);
  const byDir = [...workspaces].sort((a, b) => b.dir.length - a.dir.length);
  const owner = (path: string) => byDir.find((w) => path === w.dir || path.startsWith(w.dir + sep)) ?? null;
  const dirs = new Set(workspaces.map((w) => w.dir));
  const violations: string[] = [];
  const edges: Edge[] = [];
  const graph = new Map<string, Set<string>>();
  const seenKnown = new Set<string>();

  for (const ws of workspaces) {
    if (!(ws.name in LAYERS)) violations.push(`${ws.name}: not placed in a layer (add it to LAYERS in check-layers.ts)`);
    const nested = new Set([...dirs].filter((d) => d !== ws.dir && d.startsWith(ws.dir + sep)));
    for (const file of sourceFiles(ws.dir, nested)) {
      const rel = relative(root, file);
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName: specifier } of importedFiles) {
        let target: string | null = packageOf(specifier);
        if (target === null && specifier.startsWith('.')) {
          const into = owner(resolve(dirname(file), specifier));
          if (into && into !== ws) {
            const configIntoTestkit = /\.config\.(ts|js|mjs)$/.test(file) && into.name === '@borderflow/testkit';
            if (!configIntoTestkit) violations.push(`${rel}: reaches into ${into.name} by the relative path '${specifier}' (import '${into.name}' instead)`);
            target = into.name;
          }
        }
        if (target === null || target === ws.name) continue;
        edges.push({ from: ws.name, to: target, file: rel, specifier });
        if (!specifier.startsWith('.') && !ws.declared.has(target)) {
          violations.push(`${rel}: imports ${target}, which ${ws.name}'s package.json does not declare`);
        }
        const from = LAYERS[ws.name];
        const to = LAYERS[target];
        if (from !== undefined && to !== undefined && to > from) {
          const key = `${rel} -> ${target}`;
          if (knownWrongWay.includes(key)) {
            // Reported once, here; it must not also show up as the cycles it closes.
            seenKnown.add(key);
            continue;
          }
          violations.push(`${rel}: ${ws.name} (${LAYER_NAMES[from]}) imports ${target} (${LAYER_NAMES[to]}), a higher layer`);
        }
        if (!graph.has(ws.name)) graph.set(ws.name, new Set());
        graph.get(ws.name)!.add(target);
      }
    }
  }
  for (const key of knownWrongWay) {
    if (!seenKnown.has(key)) violations.push(`KNOWN_WRONG_WAY lists '${key}', which no longer happens: remove it from the list`);
  }
  for (const cycle of findCycles(graph)) violations.push(`package cycle: ${cycle.join(' -> ')}`);
  return { edges, violations };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  if (!existsSync(join(root, 'package.json'))) throw new Error(`no package.json at ${root}`);
  const { edges, violations } = checkLayers(root);
  if (process.argv.includes('--list')) {
    const counts = new Map<string, number>();
    for (const e of edges) counts.set(`${e.from} -> ${e.to}`, (counts.get(`${e.from} -> ${e.to}`) ?? 0) + 1);
    for (const [edge, n] of [...counts].sort()) console.log(`${String(n).padStart(4)}  ${edge}`);
  }
  for (const v of violations) console.error(`layers: ${v}`);
  if (violations.length > 0) {
    console.error(`layers: ${violations.length} violation(s); the rule: infra/testkit/src/layers/check-layers.ts, docs/ARCHITECTURE.md`);
    process.exit(1);
  }
  console.log(`layers: ${edges.length} cross-package imports, all one-way, no cycles, all declared`);
}
