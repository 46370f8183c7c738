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
/** Per client: the load of the library (true = FCALL works, false = use EVAL). */
const loaded = new WeakMap<object, Promise<boolean>>();

async function loadLibrary(redis: Redis): Promise<boolean> {
  try {
    await redis.call('FUNCTION', 'LOAD', 'REPLACE', LIBRARY.code);
    return true;
  } catch (err) {
    // Redis before 7 (no FUNCTION), or a server that refuses it (ACL): the EVAL scripts serve.
    if (/unknown command|unknown subcommand|NOPERM/i.test((err as Error).message)) return false;
    throw err;
  }
}

function libraryLoaded(redis: Redis): Promise<boolean> {
  let p = loaded.get(redis);
  if (!p) {
    p = loadLibrary(redis);
    // A failed load (Redis away) is tried again by the next command.
    p.catch(() => loaded.delete(redis));
    loaded.set(redis, p);
  }
  return p;
}

/**
 * @example
 * const answer = await runGateCommand(redis, 'checkIn', [metaKey, eventsKey], [base, now, actor, '', 'KT', ...]);
 */
export async function runGateCommand(
  redis: Client,
  name: string,
  keys: readonly string[],
  args: readonly (string | number)[],
  useFunctions = true,
): Promise<string> {
  const fn = LIBRARY.functions.get(name);
  if (useFunctions && fn && !(redis as Cluster).isCluster && (await libraryLoaded(redis as Redis))) {
    try {
      return (await (redis as Redis).call('FCALL', fn, keys.length, ...keys, ...args)) as string;
    } catch (err) {
      // The server lost its functions (restarted without persistence, FUNCTION FLUSH): load again, once.
      if (!/function not found/i.test((err as Error).message)) throw err;
      loaded.delete(redis);
      if (!(await libraryLoaded(redis as Redis))) return runGateCommand(redis, name, keys, args, false);
      return (await (redis as Redis).call('FCALL', fn, keys.length, ...keys, ...args)) as string;
    }
  }
  const script = (redis as unknown as Record<string, ScriptFn>)[`bf_${name}`];
  if (!script) throw new Error(`scheduler command ${name} is not loaded`);
  return script.call(redis, ...keys, ...args);
}
