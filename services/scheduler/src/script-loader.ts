/**
 * Loads the Lua command files and resolves `--- @include "name"` lines
 * (BullMQ's convention) so shared Lua lives once in commands/includes/, and fills
 * `${NAME}` placeholders from the policy document, so the Lua's defaults are the
 * contracts' DEFAULT_POLICY_DOCUMENT and not a second literal.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_POLICY, PRIORITY_CLASSES } from '@borderflow/contracts';

const COMMANDS_DIR = fileURLToPath(new URL('./commands/', import.meta.url));
const INCLUDE = /^--- @include "([a-z0-9-]+)"\s*$/gm;
/**
 * `--- @after-body <statement>` in an include: the statement runs after the command's body on every
 * way out of it (each `return` too), so an include can finish what the body started (emit-event
 * appends the events it gathered, with one seq increment for all of them).
 */
const AFTER_BODY = /^--- @after-body (.+)$/gm;
const PLACEHOLDER = /\$\{([A-Z0-9_]+)\}/g;

/** The values Lua reads as `${NAME}`: the default policy (a gate that never published one) and the class list. */
export const LUA_CONSTANTS: Readonly<Record<string, string>> = {
  /** A Lua table literal, built once per script run like the literal it replaced. */
  PRIORITY_CLASSES: `{ ${PRIORITY_CLASSES.map((c) => `'${c}'`).join(', ')} }`,
  DEFAULT_INTERLEAVE: DEFAULT_POLICY.interleave.join(','),
  DEFAULT_AGING_MS: String(DEFAULT_POLICY.agingMs),
  DEFAULT_CALL_UP_TIMEOUT_MS: String(DEFAULT_POLICY.callUpTimeoutMs),
  DEFAULT_NO_SHOW_PENALTY_MS: String(DEFAULT_POLICY.noShowPenaltyMs),
  DEFAULT_APPOINTMENT_GRACE_MS: String(DEFAULT_POLICY.appointmentGraceMs),
};

function fillConstants(lua: string, file: string): string {
  return lua.replace(PLACEHOLDER, (_m, name: string) => {
    const value = LUA_CONSTANTS[name];
    if (value === undefined) throw new Error(`${file}: unknown Lua placeholder \${${name}}`);
    return value;
  });
}

export interface LoadedCommand {
  /** e.g. "completeStage" for complete-stage-2.lua */
  name: string;
  /** undefined for `<name>-n.lua`: the caller passes the number of keys first (a read of any number of trips). */
  numberOfKeys: number | undefined;
  lua: string;
}

function resolveIncludes(source: string, seen: Set<string>, dir: string): string {
  return source.replace(INCLUDE, (_line, name: string) => {
    if (seen.has(name)) return '';
    seen.add(name);
    const included = readFileSync(join(dir, 'includes', `${name}.lua`), 'utf8');
    return `${resolveIncludes(included, seen, dir)}\n--- @included-end`;
  });
}

/**
 * Runs the body (the script after its last include) as a function, so the includes' `@after-body`
 * statements run after it whichever `return` it leaves by; the body's answer is the script's.
 * Includes' own early answers (a refused or replayed command, in gate-context) return before any event.
 */
function withAfterBody(lua: string): string {
  const after = [...lua.matchAll(AFTER_BODY)].map((m) => m[1]!.trim());
  if (after.length === 0) return lua;
  const lastInclude = lua.lastIndexOf('\n--- @included-end\n');
  if (lastInclude < 0) throw new Error('a script with @after-body statements must include them');
  const cut = lastInclude + '\n--- @included-end\n'.length;
  return `${lua.slice(0, cut)}local __answer = (function()\n${lua.slice(cut)}\nend)()\n${after.join('\n')}\nreturn __answer\n`;
}

/**
 * Reads every `commands/<name>-<numKeys>.lua` (or `<name>-n.lua`, keys counted by the caller) with its includes inlined. Other packages
 * with Lua commands of their own (services/customs) pass their own directory.
 * @example
 * const commands = loadCommands(); // [{ name: 'checkIn', numberOfKeys: 2, lua: '…' }, …]
 * const mine = loadCommands(fileURLToPath(new URL('./commands/', import.meta.url)));
 */
export function loadCommands(dir: string = COMMANDS_DIR): LoadedCommand[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.lua'))
    .map((file) => {
      const match = /^(.+)-(\d+|n)\.lua$/.exec(file);
      if (!match) throw new Error(`command file ${file} must be named <name>-<numKeys>.lua or <name>-n.lua`);
      const [, kebab, keys] = match as unknown as [string, string, string];
      const name = kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      const lua = fillConstants(withAfterBody(resolveIncludes(readFileSync(join(dir, file), 'utf8'), new Set(), dir)), file);
      return { name, numberOfKeys: keys === 'n' ? undefined : Number(keys), lua };
    });
}

const SCHEDULER_COMMANDS = loadCommands();
const defined = new WeakSet<object>();

/**
 * Registers the scheduler's Lua commands on a client once, as `bf_<name>` (EVALSHA with EVAL
 * fallback): the gate commands and the reads that need one atomic step (tripsWithSeq).
 * @example
 * defineSchedulerCommands(redis);
 * await redis.bf_tripsWithSeq(2, metaKey, tripKey);
 */
export function defineSchedulerCommands(redis: Redis | Cluster): void {
  if (defined.has(redis)) return;
  for (const c of SCHEDULER_COMMANDS) redis.defineCommand(`bf_${c.name}`, { numberOfKeys: c.numberOfKeys, lua: c.lua });
  defined.add(redis);
}
