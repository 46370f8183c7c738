import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { ensureRedisBinary } from './redis-binary.ts';
import { freePort } from './testing/free-port.ts';

export interface StartRedisServerOptions {
  /** Working directory of the server: the AOF (`appendonlydir/`) lives here. Created if missing. */
  dir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted (redis cannot bind port 0). */
  port?: number;
  /** Append-only file with `appendfsync everysec`: at most ~1 s of writes lost on a crash. */
  appendonly?: boolean;
  /** Write the server log to this file instead of keeping its last lines in memory. */
  logFile?: string;
  /** Extra `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`. */
  args?: string[];
  /** How long to wait for the first PONG (loading a large AOF takes a while). Default 30 s. */
  startTimeoutMs?: number;
  /**
   * The owner stops the server itself, after its own clean shutdown: a signal (Ctrl-C, SIGTERM)
   * does not stop it at once. The server also runs in its own process group, so a terminal's
   * Ctrl-C does not reach it; it is still stopped when this process exits. Without this, the
   * platform's shutdown would find Redis gone and wait on reconnects (the 16 s Ctrl-C of issue 14).
   */
  ownerStops?: boolean;
}

export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Process id of the redis-server child. */
  pid: number;
  dir: string;
  /** Graceful shutdown (SIGTERM: redis flushes the AOF), SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, no flush: simulates a crash for durability tests. */
  crash(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;

/**
 * Starts `redis-server` as a child process on 127.0.0.1 and resolves once it answers PING.
 * The child is stopped by `stop()`, and also when this process exits or is terminated by a signal,
 * so a crashed test run or Ctrl-C of `npm start` does not leave a Redis behind.
 *
 * With `appendonly` (the default) it runs `--appendonly yes --appendfsync everysec --save ""`: the
 * AOF is the only persistence, so the live gate state survives a restart of the platform.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer({ dir: '.data/redis' });
 * process.env.REDIS_URL = redis.url; // redis://127.0.0.1:40123
 * // ...
 * await redis.stop();
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions): Promise<RedisServerHandle> {
  const bin = await ensureRedisBinary();
  const dir = resolvePath(options.dir);
  await mkdir(dir, { recursive: true });

  // A port picked by freePort() can be taken before redis binds it; only then is a retry safe.
  const attempts = options.port === undefined ? 5 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort(HOST));
    try {
      return await launch(bin, dir, port, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof RedisStartError && error.addressInUse)) break;
    }
  }
  throw lastError;
}

class RedisStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'RedisStartError';
  }
}

function buildArgs(dir: string, port: number, options: StartRedisServerOptions): string[] {
  const appendonly = options.appendonly ?? true;
  return [
    '--port', String(port),
    '--bind', HOST,
    '--daemonize', 'no',
    '--dir', dir,
    '--save', '',
    '--appendonly', appendonly ? 'yes' : 'no',
    ...(appendonly ? ['--appendfsync', 'everysec'] : []),
    '--logfile', options.logFile ? resolvePath(options.logFile) : '',
    ...(options.args ?? []),
  ];
}

async function launch(bin: string, dir: string, port: number, options: StartRedisServerOptions): Promise<RedisServerHandle> {
  const child = spawn(bin, buildArgs(dir, port, options), {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownerStops === true,
  });
  const output = new RecentLines(60);
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  // 'error' without 'exit' happens when the binary cannot be spawned at all.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // 'close' comes after the output pipes are drained, so the start-up error message is complete.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  track(child, options.ownerStops === true);

  const diedEarly = closed.then(() => {
    throw new RedisStartError(
      `redis-server exited during start-up (port ${port}, dir ${dir}):\n${output.text()}`,
      /address already in use/i.test(output.text()),
    );
  });
  // Both reject long after a successful start (when the server stops): mark them handled here,
  // the race below is what reports them during start-up.
  spawnFailed.catch(() => {});
  diedEarly.catch(() => {});

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const polling = new AbortController();
  try {
    await Promise.race([waitForPong(port, child.pid, deadline, polling.signal), spawnFailed, diedEarly]);
  } catch (error) {
    polling.abort();
    await terminate(child, exited, 'SIGKILL');
    if (error instanceof RedisStartError) throw error;
    throw new Error(`redis-server did not start on ${HOST}:${port}: ${(error as Error).message}\n${output.text()}`);
  }

  if (child.pid === undefined) throw new Error('redis-server started without a pid');
  return {
    url: `redis://${HOST}:${port}`,
    port,
    pid: child.pid,
    dir,
    stop: () => terminate(child, exited, 'SIGTERM'),
    crash: () => terminate(child, exited, 'SIGKILL'),
  };
}

async function terminate(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  untrack(child);
}

/**
 * Polls until the server answers "+PONG" (not "-LOADING", which redis answers while it reads the
 * AOF) and INFO shows our child's process id: a port picked by freePort() can be grabbed by another
 * redis in the meantime, and its PONG must not be mistaken for ours.
 */
async function waitForPong(port: number, pid: number | undefined, deadline: number, signal: AbortSignal): Promise<void> {
  let last = 'no answer';
  while (Date.now() < deadline && !signal.aborted) {
    const answer = await pingOnce(port).catch((error: Error) => ({ reply: error.message, pid: undefined }));
    last = answer.reply;
    if (answer.reply === '+PONG') {
      if (answer.pid === pid) return;
      last = `+PONG from another redis-server (pid ${answer.pid}) on port ${port}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no PONG before the deadline (last answer: ${last})`);
}

function pingOnce(port: number): Promise<{ reply: string; pid: number | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    let buffer = '';
    const finish = (reply: string, pid?: number): void => {
      socket.end();
      resolve({ reply, pid });
    };
    socket.setTimeout(1000, () => socket.destroy(new Error('PING timed out')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const firstEnd = buffer.indexOf('\r\n');
      if (firstEnd < 0) return;
      const first = buffer.slice(0, firstEnd);
      if (first !== '+PONG') {
        finish(first);
        return;
      }
      const pid = /process_id:(\d+)\r\n/.exec(buffer);
      if (pid) finish(first, Number(pid[1]));
    });
  });
}

/** Keeps the last lines of the server's output for error messages without growing forever. */
class RecentLines {
  private lines: string[] = [];
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

// Children alive right now, killed when this process goes away.
const children = new Set<ChildProcess>();
// Of those, the ones whose owner stops them on a signal (after its own shutdown).
const ownerStopped = new WeakSet<ChildProcess>();
let hooksInstalled = false;

function track(child: ChildProcess, ownerStops: boolean): void {
  children.add(child);
  if (ownerStops) ownerStopped.add(child);
  if (hooksInstalled) return;
  hooksInstalled = true;
  // SIGTERM lets redis flush its AOF; 'exit' handlers must be synchronous, kill() is.
  process.on('exit', () => {
    for (const c of children) c.kill('SIGTERM');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const c of children) if (!ownerStopped.has(c) || process.listenerCount(signal) === 0) c.kill('SIGTERM');
      // Our listener replaced Node's default "exit on signal"; restore it unless the application
      // has its own handler for a graceful shutdown.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function untrack(child: ChildProcess): void {
  children.delete(child);
}
