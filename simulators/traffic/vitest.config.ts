// Relative on purpose: vite bundles relative imports of a config file but leaves bare package
// imports to Node, and Node 20 cannot load @borderflow/testkit's TypeScript source.
import { borderflowVitestConfig } from '../../infra/testkit/src/testing/vitest-config.ts';

export default borderflowVitestConfig();
