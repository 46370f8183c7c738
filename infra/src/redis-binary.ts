import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What a person has to do when we cannot provide `redis-server` ourselves. */
export const REDIS_INSTALL_HELP = [
  'redis-server was not found on PATH. Install Redis 7 and try again:',
  '  Debian/Ubuntu: sudo apt-get install -y redis-server',
  '  macOS:         brew install redis',
  'or set REDIS_URL (for example REDIS_URL=redis://127.0.0.1:6379) to use a Redis server you already run.',
].join('\n');

// Debian installs redis-server in /usr/bin, Homebrew in /opt/homebrew/bin (Apple silicon) or
// /usr/local/bin; these are searched too because a service manager's PATH can be minimal.
const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

/**
 * Looks for an executable named `name` on PATH (then in the usual install folders).
 *
 * @example
 * ```ts
 * findExecutable('redis-server'); // "/usr/bin/redis-server" or null
 * ```
 */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/**
 * Returns the path of the `redis-server` binary, installing it first when that is possible
 * without asking anyone: running as root on a machine with `apt-get` (Debian/Ubuntu, CI).
 * Everywhere else it throws an Error whose message says exactly what to install.
 *
 * @example
 * ```ts
 * const bin = await ensureRedisBinary(); // "/usr/bin/redis-server"
 * ```
 */
export async function ensureRedisBinary(): Promise<string> {
  const existing = findExecutable('redis-server');
  if (existing) return existing;

  const aptGet = findExecutable('apt-get');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && aptGet) {
    console.error('[borderflow] redis-server not found; installing it with:');
    console.error('[borderflow]   apt-get update && apt-get install -y redis-server');
    await run(aptGet, ['update']);
    await run(aptGet, ['install', '-y', 'redis-server']);
    const installed = findExecutable('redis-server');
    if (installed) {
      console.error(`[borderflow] installed ${installed}`);
      return installed;
    }
    throw new Error(`apt-get install -y redis-server finished but redis-server is still missing.\n${REDIS_INSTALL_HELP}`);
  }
  throw new Error(REDIS_INSTALL_HELP);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // stdout goes to stderr so that a caller's stdout (for example JSON output) stays clean.
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}).\n${REDIS_INSTALL_HELP}`));
    });
  });
}
