// The vitest config Stryker's vitest runner loads inside its sandbox (a copy of the repository):
// only the target's unit tests, no Redis global setup (they need none), and
// `@borderflow/contracts` resolved to the sandbox's copy so mutants of contracts files are live
// (the workspace symlink in node_modules points at the unmutated checkout).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// Vitest 5 on Node 20 (see the file); Stryker starts vitest in its own runner processes.
import '../src/testing/node20-polyfills.ts';
import { MUTATION_TARGETS, TARGET_ENV, isMutationTarget } from './targets.ts';

const target = process.env[TARGET_ENV] ?? '';
if (!isMutationTarget(target)) throw new Error(`${TARGET_ENV} must name a mutation target, got "${target}"`);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export default defineConfig({
  root,
  resolve: {
    alias: [{ find: /^@borderflow\/contracts$/, replacement: `${root}services/contracts/src/index.ts` }],
  },
  test: {
    include: MUTATION_TARGETS[target].tests,
    exclude: ['**/node_modules/**', '**/.stryker-tmp/**'],
    pool: 'forks',
  },
});
