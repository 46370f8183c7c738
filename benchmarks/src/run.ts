/**
 * `npm run bench -- <name>`: runs one benchmark, prints its figures, writes
 * benchmarks/results/<name>.json and appends a row to benchmarks/RESULTS.md.
 */
const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  scheduler: async () => (await import('./scheduler-bench.ts')).runSchedulerBench(),
  adapters: async () => (await import('./adapters-bench.ts')).runAdaptersBench(),
  console: async () => (await import('./console-bench.ts')).runConsoleBench(),
  api: async () => (await import('./api-bench.ts')).runApiBench(),
  fanout: async () => (await import('./fanout-bench.ts')).runFanoutBench(),
  'fanout-2-processes': async () => (await import('./fanout-bench.ts')).runFanoutBench(2),
  peers: async () => (await import('./peers-bench.ts')).runPeersBench(),
  sim: async () => (await import('./sim-bench.ts')).runSimBench(),
  eta: async () => (await import('./eta-bench.ts')).runEtaBench(),
  replication: async () => (await import('./replication-bench.ts')).runReplicationBench(),
  booking: async () => (await import('./booking-bench.ts')).runBookingBench(),
  resilience: async () => (await import('./resilience-bench.ts')).runResilienceBench(),
  anpr: async () => (await import('./anpr-bench.ts')).runAnprBench(),
  mobile: async () => (await import('./mobile-bench.ts')).runMobileBench(),
  'list-page-cost': async () => (await import('./list-page-cost-bench.ts')).runListPageCostBench(),
  'delta-projection': async () => (await import('./delta-projection-bench.ts')).runDeltaProjectionBench(),
};

// A module, not a script: its names must not meet the DOM lib's globals (`name`) that browser-driving benches bring in.
export {};

const name = process.argv[2];
const run = name ? BENCHMARKS[name] : undefined;
if (!run) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`);
  process.exit(2);
}
run().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
