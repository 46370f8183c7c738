/**
 * The outbox's Lua commands (commands/*.lua, loaded with the scheduler's loader so includes work
 * the same way), defined on a Redis client once by the scheduler's withLuaCommands.
 */
import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';
import { asLuaCommands, loadCommands, withLuaCommands } from '@borderflow/scheduler';

const COMMANDS = asLuaCommands(loadCommands(fileURLToPath(new URL('./commands/', import.meta.url))), 'cx_');

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
  const fn = withLuaCommands<Record<string, ScriptFn | undefined>>(redis, COMMANDS)[`cx_${name}`];
  if (!fn) throw new Error(`outbox command ${name} is not loaded`);
  return fn.call(redis, ...keys, ...args);
}
