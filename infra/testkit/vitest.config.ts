import { borderflowVitestConfig } from './src/testing/vitest-config.ts';

export default borderflowVitestConfig();
