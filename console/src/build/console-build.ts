/**
 * Builds the console with Vite's JS API when console/dist is missing or older than its sources:
 * `npm start` on a fresh machine and the e2e tests call `ensureConsoleBuilt()`, so nobody has to
 * remember a build step. Offline: Vite only reads files.
 *
 * The build goes to a temporary folder that is then swapped in, so a server reading dist never
 * sees half a build, and two processes building at once each leave a complete one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIST, CONSOLE_ROOT, consoleViteConfig } from './vite-options.ts';

/** Written into dist: the newest source mtime the build saw. */
const STAMP = '.source-mtime';

/** What goes into the bundle: the app, its page and settings, and the shared contracts. */
const SOURCES = [
  join(CONSOLE_ROOT, 'index.html'),
  join(CONSOLE_ROOT, 'src/app'),
  // Copied as is (the Web Push service worker).
  join(CONSOLE_ROOT, 'public'),
  // The build settings and the post-build steps (a build made before the precompressed copies existed is stale).
  join(CONSOLE_ROOT, 'src/build'),
  fileURLToPath(new URL('../../../services/contracts/src', import.meta.url)),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Newest modification time (ms) of anything that goes into the bundle. */
export function consoleSourcesMtime(): number {
  return Math.max(...SOURCES.map(newestMtime));
}

/**
 * True when `outDir` has no build, or one made from older sources.
 *
 * @example
 * if (isConsoleBuildStale()) await buildConsole();
 */
export function isConsoleBuildStale(outDir: string = CONSOLE_DIST): boolean {
  const stamp = join(outDir, STAMP);
  if (!existsSync(join(outDir, 'index.html')) || !existsSync(stamp)) return true;
  return consoleSourcesMtime() > Number(readFileSync(stamp, 'utf8'));
}

/**
 * Builds into `outDir` (default console/dist) through a temporary folder swapped in at the end.
 *
 * @example
 * await buildConsole();
 */
export async function buildConsole(outDir: string = CONSOLE_DIST): Promise<void> {
  const { build } = await import('vite');
  const sourcesMtime = consoleSourcesMtime();
  const tmp = `${outDir}-${process.pid}-${Date.now()}.tmp`;
  mkdirSync(tmp, { recursive: true });
  // Vite's build sets process.env.NODE_ENV to 'production' for the whole process; the start script
  // builds in-process and then starts the platform, which must not think it is in production.
  const nodeEnv = process.env.NODE_ENV;
  // Vite bakes the process' NODE_ENV into the bundle when one is set: under vitest ('test') the
  // e2e setup built React's development build (twice the JavaScript, slower), which `npm start`
  // and the benchmarks then served as up to date.
  process.env.NODE_ENV = 'production';
  try {
    await build({ ...consoleViteConfig({ outDir: tmp }), configFile: false, mode: 'production' });
    writeFileSync(join(tmp, STAMP), String(sourcesMtime));
    const old = `${outDir}-${process.pid}-${Date.now()}.old`;
    if (existsSync(outDir)) renameSync(outDir, old);
    try {
      renameSync(tmp, outDir);
    } catch {
      // Another process swapped its own complete build in meanwhile: keep that one.
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds the console unless an up-to-date build is there. Returns whether it built.
 *
 * @example
 * await ensureConsoleBuilt({ log: console.log });
 */
export async function ensureConsoleBuilt(options: { outDir?: string; log?: (line: string) => void } = {}): Promise<boolean> {
  const outDir = options.outDir ?? CONSOLE_DIST;
  if (!isConsoleBuildStale(outDir)) return false;
  const started = Date.now();
  options.log?.('building the console (Vite)…');
  await buildConsole(outDir);
  options.log?.(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${outDir}`);
  return true;
}
