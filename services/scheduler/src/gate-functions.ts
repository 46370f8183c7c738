/**
 * Runs a gate command as a function of the gate library (FCALL, Redis 7+) where it can, and as
 * its EVAL script (`bf_<name>`, script-loader.ts) where it cannot: on Redis Cluster (a library
 * must be loaded on every master, and a master added later would lack it), on a Redis without
 * functions, or when the caller opts out. Both run the same Lua, so the answer is the same; the
 * function skips building the helpers' closures on every command.
 */
import type { Cluster, Redis } from 'ioredis';
import { loadGateLibrary } from './script-loader.ts';

type Client = Redis | Cluster;
type ScriptFn = (...args: (string | number)[]) => Promise<string>;

const LIBRARY = loadGateLibrary();
/**
 * Per client: true once the library is loaded (FCALL works), false where it cannot be (use EVAL).
 * No entry: not known yet, or a load is under way.
 */
const loaded = new WeakMap<object, boolean>();
const loading = new WeakSet<object>();

/** Loads the library in the background; commands meanwhile go as EVAL, so none waits for it. */
function startLoad(redis: Redis): void {
  if (loading.has(redis)) return;
  loading.add(redis);
  redis.call('FUNCTION', 'LOAD', 'REPLACE', LIBRARY.code).then(
    () => loaded.set(redis, true),
    (err: Error) => {
      // Redis before 7 (no FUNCTION), or a server that refuses it (ACL): the EVAL scripts serve.
      // Any other failure (Redis away) leaves it unknown, and a later command tries again.
      if (/unknown command|unknown subcommand|NOPERM/i.test(err.message)) loaded.set(redis, false);
    },
  ).finally(() => loading.delete(redis));
}

function evalCommand(redis: Client, name: string, keys: readonly string[], args: readonly (string | number)[]): Promise<string> {
  const script = (redis as unknown as Record<string, ScriptFn>)[`bf_${name}`];
  if (!script) throw new Error(`scheduler command ${name} is not loaded`);
  return script.call(redis, ...keys, ...args);
}

/**
 * Sends the command at once, in the caller's order: nothing is awaited before it is written, so a
 * command and a read issued after it on the same connection reach Redis in that order (the M/M/c
 * experiment pipelines on that; an await before sending let a lane read overtake a completion).
 *
 * @example
 * const answer = await runGateCommand(redis, 'checkIn', [metaKey, eventsKey], [base, now, actor, '', 'KT', ...]);
 */
export function runGateCommand(
  redis: Client,
  name: string,
  keys: readonly string[],
  args: readonly (string | number)[],
  useFunctions = true,
): Promise<string> {
  const fn = LIBRARY.functions.get(name);
  if (!useFunctions || !fn || (redis as Cluster).isCluster) return evalCommand(redis, name, keys, args);
  const node = redis as Redis;
  const known = loaded.get(node);
  if (known === undefined) startLoad(node);
  if (known !== true) return evalCommand(redis, name, keys, args);
  return (node.call('FCALL', fn, keys.length, ...keys, ...args) as Promise<string>).catch((err: Error) => {
    // The server lost its functions (restarted without persistence, FUNCTION FLUSH): this command
    // did not run; it runs as EVAL, and the library is loaded again for the next ones.
    if (!/function not found/i.test(err.message)) throw err;
    loaded.delete(node);
    startLoad(node);
    return evalCommand(redis, name, keys, args);
  });
}
