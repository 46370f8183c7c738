/**
 * vitest globalSetup of the e2e project: builds console/dist once (only when it is missing or
 * older than its sources), before any test file starts a platform that serves it.
 */
import { ensureConsoleBuilt } from '../src/build/console-build.ts';

export default async function buildOnce(): Promise<void> {
  await ensureConsoleBuilt({ log: (line) => console.log(`[e2e] ${line}`) });
}
