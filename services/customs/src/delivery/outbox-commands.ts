/**
 * Registers the outbox's Lua commands (commands/*.lua, loaded with the
 * scheduler's loader so includes work the same way) on a Redis client once.
 */
import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';
import { loadCommands } from '@borderflow/scheduler';

const COMMANDS = loadCommands(fileURLToPath(new URL('./commands/', import.meta.url)));
const defined = new WeakSet<object>();

export type OutboxClient = Redis | Cluster;
type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Runs one outbox command by name (e.g. `accept` for accept-1.lua).
 *
 * @example
 * const reply = await runOutboxCommand(redis, 'accept', [keys.pending], [keys.base, Date.now(), id, tripId, kind, body]);
 */
export async function runOutboxCommand(
  redis: OutboxClient,
  name: string,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  if (!defined.has(redis)) {
    for (const c of COMMANDS) redis.defineCommand(`cx_${c.name}`, { numberOfKeys: c.numberOfKeys, lua: c.lua });
    defined.add(redis);
  }
  const fn = (redis as unknown as Record<string, ScriptFn>)[`cx_${name}`];
  if (!fn) throw new Error(`outbox command ${name} is not loaded`);
  return fn.call(redis, ...keys, ...args);
}
