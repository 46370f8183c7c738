import { borderflowVitestConfig } from '../testkit/src/testing/vitest-config.ts';

export default borderflowVitestConfig();
