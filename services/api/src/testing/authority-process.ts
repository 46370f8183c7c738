/**
 * The customs-authority simulator as its own process (its `customs-authority` command), reached
 * over HTTP only, as a real agency system is: the API's tests need an agency at the other end of
 * the adapters, and the API may not import a simulator (an app). Tests that need to steer the
 * authority from inside (decide, refuse, read what it received) live in
 * simulators/customs-authority and hand their in-process authority to the harness instead.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: npm links the workspace's commands into its node_modules/.bin. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What the harness needs of an authority, in process or not. */
export interface AuthorityLink {
  url: string;
  /** Where a profile's decisions go; a spawned authority in these tests never decides on its own. */
  setCallbackUrl?(profile: string, url: string | null): void;
  close(): Promise<void>;
}

/**
 * @example
 * const authority = await spawnAuthority({ profiles: [...] });
 * await fetch(`${authority.url}/_sim/state`);
 * await authority.close();
 */
export async function spawnAuthority(config: object, { port = 0, startTimeoutMs = 30_000 }: { port?: number; startTimeoutMs?: number } = {}): Promise<AuthorityLink> {
  const dir = mkdtempSync(join(tmpdir(), 'bf-authority-'));
  const file = join(dir, 'authority.json');
  writeFileSync(file, JSON.stringify(config));
  const cli = realpathSync(join(ROOT, 'node_modules', '.bin', 'customs-authority'));
  const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--config', file, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (errText = (errText + chunk).slice(-4096)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`customs-authority did not start in ${startTimeoutMs} ms:\n${errText}`)), startTimeoutMs);
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`customs-authority exited before listening:\n${errText}`));
      });
    });
    return {
      url,
      async close() {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
        await exited;
        cleanup();
      },
    };
  } catch (err) {
    proc.kill('SIGKILL');
    await exited;
    cleanup();
    throw err;
  }
}
