/**
 * Parent side of `platform-child.ts`: starts the platform in its own Node
 * process (so a test can SIGKILL it mid-command) and waits for its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PlatformChildOptions } from './platform-child.ts';
import { PLATFORM_NODE_FLAGS } from '../node-flags.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./platform-child.ts', import.meta.url));
/** The api package: `--import tsx` resolves from here. */
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedPlatform {
  url: string;
  /** The device gateway's own port, when the child runs one (`gatewayPort`, or role `gateway`). */
  gatewayUrl: string | null;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** The last few KB the child wrote to stderr (its warnings), for failure messages. */
  stderr(): string;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (clean close); SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * @example
 * const child = await spawnPlatform({ redisUrl, prefix, dataDir, port: 0, host: '127.0.0.1' });
 * await fetch(`${child.url}/readyz`);
 * await child.kill();
 */
export async function spawnPlatform(
  options: PlatformChildOptions,
  {
    env = process.env,
    startTimeoutMs = 30_000,
    execArgv = [],
  }: {
    env?: NodeJS.ProcessEnv;
    startTimeoutMs?: number;
    /** Node flags besides the platform's own (PLATFORM_NODE_FLAGS), e.g. `['--cpu-prof']` (benchmarks profile the server this way). */
    execArgv?: string[];
  } = {},
): Promise<SpawnedPlatform> {
  const proc: ChildProcess = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, ...execArgv, '--import', 'tsx', CHILD_SCRIPT, JSON.stringify(options)], {
    cwd: PACKAGE_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errText = (errText + chunk).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;

  const started = new Promise<{ url: string; pid: number; gatewayUrl?: string | null }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`platform child did not start in ${startTimeoutMs} ms:\n${errText}`)), startTimeoutMs);
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; pid: number; gatewayUrl?: string | null });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform child exited (${code}) before listening:\n${errText}`));
    });
  });

  const kill = async () => {
    if (!gone()) proc.kill('SIGKILL');
    await exited;
  };
  try {
    const { url, pid, gatewayUrl = null } = await started;
    // The platform itself, not a wrapper: a signal to `proc` must reach the process holding the database.
    if (pid !== proc.pid) throw new Error(`platform child runs as pid ${pid}, spawned pid ${proc.pid}`);
    return {
      url,
      gatewayUrl,
      pid,
      exited,
      stderr: () => errText,
      kill,
      async stop(graceMs = 10_000) {
        if (gone()) return;
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (err) {
    await kill();
    throw err;
  }
}
