import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';
import './node20-polyfills.ts';
import type {} from './provided-context.ts';
import { serverIndependentGlobs } from './server-tests.ts';

/** Absolute path: vitest resolves globalSetup against each workspace's root, not this package. */
export const REDIS_GLOBAL_SETUP = fileURLToPath(new URL('./redis-global-setup.ts', import.meta.url));

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * The vitest config every BorderFlow workspace uses: a real Redis for every worker (see
 * `redis-global-setup`), generous timeouts for tests that start servers, and the forks pool
 * (real child processes: native modules, sockets and `process.env` behave as in production).
 * `overrides` are merged in; `test.globalSetup` entries are added after the Redis one.
 * With `BORDERFLOW_SERVER_TESTS_ONLY=1` (CI's servers phase, .ci/run) the test files that reach no
 * database, Redis or the variables naming them are left out: they ran in the embedded phase and give
 * the same answer on any servers (server-tests.ts says how a file is judged).
 *
 * @example
 * ```ts
 * // services/<name>/vitest.config.ts — a relative import: vite bundles relative imports of a
 * // config file but hands bare package names to Node, which (v20) cannot load TypeScript.
 * import { borderflowVitestConfig } from '../../infra/testkit/src/testing/vitest-config.ts';
 * export default borderflowVitestConfig();
 * // with overrides:
 * export default borderflowVitestConfig({ test: { include: ['src/**\/*.test.ts'], maxWorkers: 2 } });
 * ```
 */
export function borderflowVitestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  const { test = {}, ...rest } = overrides;
  const { globalSetup, exclude, ...testRest } = test;
  const base: TestOptions = {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    pool: 'forks',
    fileParallelism: true,
    // Vitest's default is one worker fewer than the cores: one file at a time on these 2-core
    // machines, with the second core idle while a file waits on Redis, the database or a socket.
    // Two at a time halved the API suite's wall time (293 s -> 161 s) and every file still passes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A workspace whose tests are still being written must not fail the whole `npm test`.
    passWithNoTests: true,
  };
  const excluded = [...(exclude ?? ['**/node_modules/**', '**/.data/**', '**/dist/**']), ...serverPhaseExclude()];
  return {
    ...rest,
    test: {
      ...base,
      ...testRest,
      exclude: excluded,
      globalSetup: [REDIS_GLOBAL_SETUP, ...toArray(globalSetup)],
    },
  };
}

/**
 * The test files CI's servers phase leaves out (`BORDERFLOW_SERVER_TESTS_ONLY=1`): those of the
 * workspace vitest runs in (its folder is the working directory under turbo and `npm test -w`) that
 * reach no database, Redis or the variables naming them. Empty without the flag. For a workspace
 * config not built on borderflowVitestConfig: `exclude: [...configDefaults.exclude, ...serverPhaseExclude()]`.
 */
export function serverPhaseExclude(): string[] {
  return process.env.BORDERFLOW_SERVER_TESTS_ONLY === '1' ? serverIndependentGlobs(process.cwd()) : [];
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
