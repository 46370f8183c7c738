/**
 * Loads the Lua command files and resolves `--- @include "name"` lines
 * (BullMQ's convention) so shared Lua lives once in commands/includes/, and fills
 * `${NAME}` placeholders from the policy document, so the Lua's defaults are the
 * contracts' DEFAULT_POLICY_DOCUMENT and not a second literal.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_POLICY, PRIORITY_CLASSES } from '@borderflow/contracts';

const COMMANDS_DIR = fileURLToPath(new URL('./commands/', import.meta.url));
const INCLUDE = /^--- @include "([a-z0-9-]+)"\s*$/gm;
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
    return resolveIncludes(included, seen, dir);
  });
}

/**
 * A command that opens with gate-context: its includes only define, and `begin` sets the
 * command's state (gate-context.lua), so its body can run as an EVAL script or as a function of
 * the gate library.
 */
interface GateCommandSource {
  name: string;
  /** Its includes, in order. */
  includes: string[];
  /** The file without its include lines. */
  body: string;
}

/** The call that starts a gate command's body (the command stops at an answer of begin's). */
const BEGIN = 'local __answer = begin(__KEYS, __ARGV)\nif __answer then return __answer end\n';

function fileNames(dir: string) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.lua'))
    .sort()
    .map((file) => {
      const match = /^(.+)-(\d+|n)\.lua$/.exec(file);
      if (!match) throw new Error(`command file ${file} must be named <name>-<numKeys>.lua or <name>-n.lua`);
      const [, kebab, keys] = match as unknown as [string, string, string];
      return { file, name: kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()), keys };
    });
}

function gateCommandOf(name: string, source: string): GateCommandSource | null {
  const includes = [...source.matchAll(INCLUDE)].map((m) => m[1]!);
  if (includes[0] !== 'gate-context') return null;
  return { name, includes, body: source.replace(INCLUDE, '') };
}

/**
 * Reads every `commands/<name>-<numKeys>.lua` (or `<name>-n.lua`, keys counted by the caller) with its includes inlined. Other packages
 * with Lua commands of their own (services/customs) pass their own directory.
 * @example
 * const commands = loadCommands(); // [{ name: 'checkIn', numberOfKeys: 2, lua: '…' }, …]
 * const mine = loadCommands(fileURLToPath(new URL('./commands/', import.meta.url)));
 */
export function loadCommands(dir: string = COMMANDS_DIR): LoadedCommand[] {
  return fileNames(dir).map(({ file, name, keys }) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const gate = gateCommandOf(name, source);
    const lua = gate
      ? `local __KEYS, __ARGV = KEYS, ARGV\n${resolveIncludes(gate.includes.map((i) => `--- @include "${i}"`).join('\n'), new Set(), dir)}\n${BEGIN}${gate.body}`
      : resolveIncludes(source, new Set(), dir);
    return { name, numberOfKeys: keys === 'n' ? undefined : Number(keys), lua: fillConstants(lua, file) };
  });
}

export interface GateLibrary {
  /** FUNCTION LOAD's source: every include once, then each gate command as a function. */
  code: string;
  /** Command name (e.g. "completeStage") -> its function's name, which carries the code's hash. */
  functions: ReadonlyMap<string, string>;
}

/**
 * The gate commands as one Redis Function library (Redis 7+). Its helpers are built once, when
 * the library loads, instead of at the start of every EVAL. The library's and its functions'
 * names carry a hash of the code, so processes running two versions of it can share a Redis.
 * @example
 * const { code, functions } = loadGateLibrary();
 * await redis.call('FUNCTION', 'LOAD', 'REPLACE', code);
 * await redis.call('FCALL', functions.get('checkIn')!, 2, metaKey, eventsKey, ...args);
 */
export function loadGateLibrary(dir: string = COMMANDS_DIR): GateLibrary {
  const commands = fileNames(dir)
    .map(({ file, name }) => gateCommandOf(name, readFileSync(join(dir, file), 'utf8')))
    .filter((c): c is GateCommandSource => c !== null);
  // Every include once, each after those the commands name before it.
  const order: string[] = [];
  for (const c of commands) {
    c.includes.forEach((include, i) => {
      if (order.includes(include)) return;
      const after = i === 0 ? -1 : order.indexOf(c.includes[i - 1]!);
      order.splice(after + 1, 0, include);
    });
  }
  const helpers = resolveIncludes(order.map((i) => `--- @include "${i}"`).join('\n'), new Set(), dir);
  const bodies = commands.map((c) => ({ c, fn: (hash: string) => `bf_${c.name}_${hash}` }));
  const code = (hash: string) => fillConstants(
    `#!lua name=bf_gate_${hash}\n${helpers}\n${bodies
      .map(({ c, fn }) => `redis.register_function('${fn(hash)}', function(__KEYS, __ARGV)\n${BEGIN}${c.body}\nend)\n`)
      .join('')}`,
    'gate library',
  );
  const hash = createHash('sha1').update(code('')).digest('hex').slice(0, 12);
  return { code: code(hash), functions: new Map(bodies.map(({ c, fn }) => [c.name, fn(hash)])) };
}

/** Lua commands by their client method name (`bf_…`), each with its script and its count of keys (else the first argument says it). */
export type LuaCommands = Readonly<Record<string, { lua: string; numberOfKeys?: number }>>;

/**
 * The client with `commands` defined on it, typed as the caller declares them. ioredis keeps a defined
 * command on the client, so this defines them once per client and is then one property check.
 * @example
 * const PLACE: LuaCommands = { bf_settleTripPlace: { numberOfKeys: 4, lua: SETTLE } };
 * await withLuaCommands<PlaceRedis>(redis, PLACE).bf_settleTripPlace(...keys, now);
 */
export function withLuaCommands<T>(redis: Redis | Cluster, commands: LuaCommands): T & (Redis | Cluster) {
  // The first name stands for them all (for…in: no array of names built on every call of a hot read).
  for (const first in commands) {
    if (typeof (redis as unknown as Record<string, unknown>)[first] !== 'function') {
      for (const name in commands) redis.defineCommand(name, commands[name]!);
    }
    break;
  }
  return redis as T & (Redis | Cluster);
}

/**
 * Commands read by loadCommands as LuaCommands, each client method named `<namePrefix><name>`.
 * @example
 * const OUTBOX = asLuaCommands(loadCommands(dir), 'cx_'); // { cx_accept: { numberOfKeys: 1, lua: '…' }, … }
 */
export function asLuaCommands(loaded: readonly LoadedCommand[], namePrefix: string): LuaCommands {
  return Object.fromEntries(loaded.map((c) => [`${namePrefix}${c.name}`, { numberOfKeys: c.numberOfKeys, lua: c.lua }]));
}

const SCHEDULER_COMMANDS = asLuaCommands(loadCommands(), 'bf_');

/**
 * Registers the scheduler's Lua commands on a client once, as `bf_<name>` (EVALSHA with EVAL
 * fallback): the gate commands and the reads that need one atomic step (tripsWithSeq).
 * @example
 * defineSchedulerCommands(redis);
 * await redis.bf_tripsWithSeq(2, metaKey, tripKey);
 */
export function defineSchedulerCommands(redis: Redis | Cluster): void {
  withLuaCommands(redis, SCHEDULER_COMMANDS);
}
