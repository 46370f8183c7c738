/**
 * `npm start` stops cleanly: SIGINT (Ctrl-C) or SIGTERM drains the requests in flight, tells
 * live clients to reconnect, closes, and exits with 0 within seconds, without a stream of
 * ECONNREFUSED (until issue 14 the embedded Redis died with the signal first, and the stop
 * waited 15 s on reconnects). A real child process of infra/app/src/start.ts with its embedded
 * redis-server, traffic feeder and customs-authority simulator.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { freePort } from '@borderflow/testkit/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let db: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await openTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'bf-stop-'));
});
afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  it(`stops on ${signal} within seconds, telling live clients to reconnect`, { timeout: 180_000 }, async () => {
    const port = await freePort('127.0.0.1');
    const env: NodeJS.ProcessEnv = {
      ...process.env, PORT: String(port), AUTHORITY_PORT: String(await freePort('127.0.0.1')), HOST: '127.0.0.1',
      DATA_DIR: join(dataDir, signal), CONSOLE_BUILD: 'off', FEEDER_SPEED: '20', LOG_LEVEL: 'warn',
    };
    delete env.REDIS_URL; // the embedded redis-server is what a Ctrl-C used to take away first
    if (db.url) env.DATABASE_URL = db.url;
    else delete env.DATABASE_URL;
    // Its own process group, like a shell's foreground job: Ctrl-C signals the whole group.
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/app/src/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 150_000;
      while (!output.includes('BorderFlow is running')) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`did not start:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const url = `http://127.0.0.1:${port}`;
      const login = await fetch(`${url}/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator1', password: 'demo' }),
      });
      const { token } = (await login.json()) as { token: string };
      const socket = connect(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const hint = new Promise<unknown>((resolve) => socket.once('shutdown', resolve));
      const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
      // Let the feeder and the customs simulator put commands in flight.
      await new Promise((r) => setTimeout(r, 2000));

      const stopAt = output.length;
      const started = Date.now();
      // SIGINT as a terminal's Ctrl-C sends it (to every process of the group, the embedded
      // redis-server included unless it keeps out of it); SIGTERM as Kubernetes sends it (to the process).
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const tookMs = Date.now() - started;
      expect(await hint).toMatchObject({ reconnectAfterMs: expect.any(Number) });
      // "transport close" (not "io server disconnect"): a Socket.IO client reconnects by itself.
      expect(await closed).toBe('transport close');
      const afterStop = output.slice(stopAt);
      expect(afterStop).not.toMatch(/ECONNREFUSED|could not stop cleanly|MaxRetriesPerRequest/);
      // Speed belongs to benchmarks, not to a timed test: this is only a hang guard. The old fault
      // (waiting 15 s on reconnects to a dead Redis) is caught above by its ECONNREFUSED trail.
      // Measured 2.2 s on a 2-core machine at load 15 (15.8 s before the fix).
      expect(tookMs, afterStop).toBeLessThan(60_000);
      socket.disconnect();
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
}
