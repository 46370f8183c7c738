import { configDefaults, defineConfig } from 'vitest/config';
// Vitest 5's reporter needs Node 22 built-ins to print failures; the shared fills make it work on
// Node 20 (relative import: vite bundles it, Node 20 cannot load a package's TypeScript).
import '../infra/testkit/src/testing/node20-polyfills.ts';
import { serverPhaseExclude } from '../infra/testkit/src/testing/vitest-config.ts';

// No Redis here, so not borderflowVitestConfig (it would start a redis-server for nothing).
// PGlite boots a WebAssembly PostgreSQL per test file (1–3 s on 2 cores): generous timeouts,
// and at most two files at once so CI's two cores are not oversubscribed.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // CI's servers phase: only the files that reach a database (see serverPhaseExclude).
    exclude: [...configDefaults.exclude, ...serverPhaseExclude()],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
