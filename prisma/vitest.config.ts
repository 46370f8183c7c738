import { defineConfig } from 'vitest/config';

// PGlite boots a WebAssembly PostgreSQL per test file (1–3 s on 2 cores): generous timeouts,
// and few files in parallel so CI's two cores are not oversubscribed.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
