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
export function ensureRedisBinary(): Promise<string> {
  return ensureAptExecutable({ executable: 'redis-server', aptPackage: 'redis-server', help: REDIS_INSTALL_HELP });
}

export interface AptExecutable {
  /** Name looked up on PATH (and the usual install folders), e.g. "chromium". */
  executable: string;
  /** Debian package that provides it. */
  aptPackage: string;
  /** What a person has to do when it cannot be installed here. */
  help: string;
}

/**
 * Returns the path of `executable`, installing its Debian package first when that needs nobody's
 * consent (root with `apt-get`: CI and fresh containers); otherwise throws `help`.
 *
 * @example
 * ```ts
 * await ensureAptExecutable({ executable: 'chromium', aptPackage: 'chromium', help: 'apt-get install -y chromium' });
 * ```
 */
export async function ensureAptExecutable({ executable, aptPackage, help }: AptExecutable): Promise<string> {
  const existing = findExecutable(executable);
  if (existing) return existing;

  const aptGet = findExecutable('apt-get');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && aptGet) {
    console.error(`[borderflow] ${executable} not found; installing it with:`);
    console.error(`[borderflow]   apt-get update && apt-get install -y ${aptPackage}`);
    await run(aptGet, ['update'], help);
    await run(aptGet, ['install', '-y', aptPackage], help);
    const installed = findExecutable(executable);
    if (installed) {
      console.error(`[borderflow] installed ${installed}`);
      return installed;
    }
    throw new Error(`apt-get install -y ${aptPackage} finished but ${executable} is still missing.\n${help}`);
  }
  throw new Error(help);
}

function run(command: string, args: string[], help: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // stdout goes to stderr so that a caller's stdout (for example JSON output) stays clean.
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}).\n${help}`));
    });
  });
}
