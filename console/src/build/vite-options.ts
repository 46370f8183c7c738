/**
 * The console's Vite settings, shared by vite.config.ts (dev server, `vite build`) and
 * `buildConsole()` (npm start, e2e), so every build is the same build.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';
import { clientBundlePlugin, routePreloadPlugin } from './client-bundle.ts';
import { lazySchemasPlugin } from './lazy-schemas.ts';
import { precompressPlugin } from './precompress.ts';

/** The console workspace folder (holds index.html). */
export const CONSOLE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the built app goes; the API serves it at `/`. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/** Paths the API answers itself: the dev server proxies them to the platform. */
export const API_PATHS = ['/v1', '/socket.io', '/docs', '/openapi.json', '/healthz', '/readyz'] as const;

export interface ConsoleViteOptions {
  /** Dev server only: the running platform to proxy API paths to. */
  apiUrl?: string;
  /** Output folder (default console/dist). */
  outDir?: string;
}

/**
 * @example
 * await build({ ...consoleViteConfig({ outDir: '/tmp/console' }), configFile: false });
 */
export function consoleViteConfig(options: ConsoleViteOptions = {}): InlineConfig {
  const apiUrl = options.apiUrl ?? 'http://127.0.0.1:3000';
  const proxy = Object.fromEntries(API_PATHS.map((path) => [path, { target: apiUrl, ws: path === '/socket.io', changeOrigin: true }]));
  return {
    root: CONSOLE_ROOT,
    base: '/',
    // Copied as is: only the Web Push service worker, which must be served from the root to control every page.
    publicDir: join(CONSOLE_ROOT, 'public'),
    // clientBundlePlugin first: it empties the route examples before lazySchemasPlugin reads contracts.
    plugins: [react(), clientBundlePlugin(), lazySchemasPlugin(), routePreloadPlugin(), precompressPlugin()],
    logLevel: 'warn',
    build: {
      outDir: options.outDir ?? CONSOLE_DIST,
      emptyOutDir: true,
      // The booth PCs run current Chromium/Firefox; no legacy bundle.
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1500,
    },
    server: { proxy, strictPort: false },
  };
}
