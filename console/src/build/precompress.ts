/**
 * Brotli and gzip copies of the built console, made once at build time: drivers open the console
 * on mid-range phones over mobile data, and the platform's static handler
 * (services/api/src/http/console-static.ts) sends `app.js.br` or `app.js.gz` to a browser that
 * accepts it instead of compressing on every request.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text formats worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 512;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of `dir` (at maximum
 * compression: it runs once per build, never per request). Returns how many files got copies.
 *
 * @example
 * precompressDir('/work/console/dist'); // 58
 */
export function precompressDir(dir: string): number {
  let count = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(extname(file))) continue;
    const bytes = readFileSync(file);
    if (bytes.length < MIN_BYTES) continue;
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
    count++;
  }
  return count;
}

/**
 * Vite plugin: precompresses the output folder once the build has written it (the public
 * folder's files included), so `vite build` and `buildConsole()` both leave the copies.
 *
 * @example
 * plugins: [react(), precompressPlugin()]
 */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'borderflow-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      // Also called after a failed build, which left nothing to compress.
      if (existsSync(outDir)) precompressDir(outDir);
    },
  };
}
