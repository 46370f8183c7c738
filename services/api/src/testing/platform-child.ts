/**
 * The platform in a process of its own, for tests that kill it (SIGKILL) and
 * start another on the same database and Redis prefix. Options come as JSON in
 * argv[2]; once listening it prints one line `{"url": "...", "pid": n}` on
 * stdout. SIGTERM closes it cleanly (the persist consumer finishes its batch).
 *
 * @example
 * spawn(process.execPath, ['--import', 'tsx', 'src/testing/platform-child.ts', JSON.stringify(options)]);
 */
import { pino } from 'pino';
import { startPlatform, type PlatformOptions } from '../platform.ts';

/** The JSON-safe part of PlatformOptions a parent test can hand over. */
export type PlatformChildOptions = Omit<PlatformOptions, 'database' | 'logger' | 'feeder'> & { feeder?: false };

const options = JSON.parse(process.argv[2] ?? '{}') as PlatformChildOptions;
// stdout is the parent's channel (the URL line); logs go to stderr.
const logger = pino({ name: 'platform-child', level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));

const platform = await startPlatform({ ...options, feeder: false, logger });
process.stdout.write(`${JSON.stringify({ url: platform.url, pid: process.pid, gatewayUrl: platform.gatewayUrl })}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  platform
    .close()
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      logger.error({ err }, 'close failed');
      process.exit(1);
    });
});
