/**
 * `npm run bench -- <name>`: runs one benchmark, prints its figures, writes
 * benchmarks/results/<name>.json and appends a row to benchmarks/RESULTS.md.
 */
const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  scheduler: async () => (await import('./scheduler-bench.ts')).runSchedulerBench(),
  console: async () => (await import('./console-bench.ts')).runConsoleBench(),
  api: async () => (await import('./api-bench.ts')).runApiBench(),
  fanout: async () => (await import('./fanout-bench.ts')).runFanoutBench(),
  peers: async () => (await import('./peers-bench.ts')).runPeersBench(),
  sim: async () => (await import('./sim-bench.ts')).runSimBench(),
};

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
