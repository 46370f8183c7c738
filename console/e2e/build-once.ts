/**
 * vitest globalSetup of the e2e project: makes sure Debian's Chromium is there (installing it as
 * root with apt-get, like the Redis binary; otherwise a message saying what to install instead of
 * a launch error in every file), then builds console/dist once (only when it is missing or older
 * than its sources), before any test file starts a platform that serves it.
 */
import { ensureAptExecutable } from '@borderflow/testkit';
import { ensureConsoleBuilt } from '../src/build/console-build.ts';

const CHROMIUM_HELP = [
  'The console tests drive Chromium and it was not found. Install it and try again:',
  '  Debian/Ubuntu: sudo apt-get install -y chromium',
  'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
].join('\n');

export default async function buildOnce(): Promise<void> {
  if (!process.env.CHROMIUM_PATH) {
    await ensureAptExecutable({ executable: 'chromium', aptPackage: 'chromium', help: CHROMIUM_HELP });
  }
  await ensureConsoleBuilt({ log: (line) => console.log(`[e2e] ${line}`) });
}
