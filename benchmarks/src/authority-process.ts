/**
 * The customs-authority simulator in a process of its own (its CLI), so the
 * far end of the adapters never shares an event loop with the sender.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthorityConfigInput } from '@borderflow/customs-authority';

const CLI = fileURLToPath(new URL('../../simulators/customs-authority/src/cli.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../../simulators/customs-authority/', import.meta.url));

export interface AuthorityProcess {
  url: string;
  pid: number;
  /** The simulator's counters (GET /_sim/state). */
  state(): Promise<{ received: { deliveries: number; unique: number } }>;
  stop(): Promise<void>;
}

/**
 * @example
 * const authority = await spawnAuthority({ profiles: [...] });
 * // … POST to `${authority.url}/inbox/<profile>` …
 * await authority.stop();
 */
export async function spawnAuthority(config: AuthorityConfigInput): Promise<AuthorityProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-authority-'));
  const file = join(dir, 'authority.json');
  writeFileSync(file, JSON.stringify(config));
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', file, '--port', '0'], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => {
    errors = (errors + c).slice(-4096);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`authority did not start:\n${errors}`)), 30_000);
    proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => reject(new Error(`authority exited before listening:\n${errors}`)));
  });
  return {
    url,
    pid: proc.pid!,
    async state() {
      const res = await fetch(`${url}/_sim/state`);
      return (await res.json()) as { received: { deliveries: number; unique: number } };
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
