// Relative on purpose: vite bundles relative imports of a config file but leaves bare package
// imports to Node, and Node 20 cannot load @borderflow/testkit's TypeScript source.
import react from '@vitejs/plugin-react';
import { borderflowVitestConfig } from '../infra/testkit/src/testing/vitest-config.ts';

/**
 * Two projects: `unit` (components and pure functions in jsdom, fast) and `e2e` (the real
 * platform on port 0 driven through Chromium; builds the console once in its globalSetup).
 * `npx vitest run --project unit` runs only the fast ones.
 */
/**
 * CI runs `npm test` twice: on PGlite and an embedded redis-server, then on the machine's
 * PostgreSQL and Redis. The browser tests drive the same API code either way, so the second run
 * (BORDERFLOW_E2E=core) takes only the journeys that write the most through the database: it
 * keeps CI near 30 minutes on 2 cores. Unset, every browser test runs.
 */
const CORE_E2E = ['console-build', 'driver-journey', 'slot-booking', 'walk-in-check-in', 'barriers-weighbridge', 'data-consumers'];
const e2eFiles = process.env.BORDERFLOW_E2E === 'core' ? CORE_E2E.map((name) => `e2e/${name}.test.ts`) : ['e2e/**/*.test.ts'];

export default borderflowVitestConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          // Fast tests first, then the browser ones (projects with different maxWorkers need an order).
          sequence: { groupOrder: 0 },
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/app/testing/setup-dom.ts'],
          // One jsdom per worker instead of one per file: setting up jsdom costs more than most
          // component tests; setup-dom.ts resets the DOM, storage and location between tests.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          sequence: { groupOrder: 1 },
          include: e2eFiles,
          globalSetup: ['./e2e/build-once.ts'],
          setupFiles: ['./e2e/fail-on-page-errors.ts'],
          // One browser per file and a platform per file: two at a time is what 2 cores take.
          maxWorkers: 2,
        },
      },
    ],
  },
});
