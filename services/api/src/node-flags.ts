/**
 * The Node flags every platform process starts with: `npm start` and its roles, the image, the
 * compose file and the Kubernetes Deployments (checked by infra/app/src/deployment-manifests.test.ts),
 * and the child platforms of tests and benchmarks (testing/spawn-platform.ts), so what is measured
 * is what runs.
 *
 * `--max-semi-space-size=32` (MiB): the young generation, where a request's short-lived objects
 * (its req/res, headers, Redis commands and replies, the answer's text) are born. With Node 20's
 * default of 16 the scavenger ran so often that the objects of the requests still in flight were
 * copied and promoted to the old generation, which major collections then had to sweep: under the
 * api bench's trip reads the garbage collector took ~25 % of the server's busy CPU, with 32 ~11 %
 * (64: ~12 %, no better; benchmarks/RESULTS.md, http4). It costs up to ~64 MiB more memory a
 * process (two semi-spaces), well inside the Deployments' 1 GiB limit.
 */
export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
