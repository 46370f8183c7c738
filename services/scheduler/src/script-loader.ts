/**
 * Loads the Lua command files and resolves `--- @include "name"` lines
 * (BullMQ's convention) so shared Lua lives once in commands/includes/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const COMMANDS_DIR = fileURLToPath(new URL('./commands/', import.meta.url));
const INCLUDE = /^--- @include "([a-z0-9-]+)"\s*$/gm;

export interface LoadedCommand {
  /** e.g. "completeStage" for complete-stage-2.lua */
  name: string;
  numberOfKeys: number;
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
 * Reads every `commands/<name>-<numKeys>.lua` with its includes inlined. Other packages
 * with Lua commands of their own (services/customs) pass their own directory.
 * @example
 * const commands = loadCommands(); // [{ name: 'checkIn', numberOfKeys: 2, lua: '…' }, …]
 * const mine = loadCommands(fileURLToPath(new URL('./commands/', import.meta.url)));
 */
export function loadCommands(dir: string = COMMANDS_DIR): LoadedCommand[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.lua'))
    .map((file) => {
      const match = /^(.+)-(\d+)\.lua$/.exec(file);
      if (!match) throw new Error(`command file ${file} must be named <name>-<numKeys>.lua`);
      const [, kebab, keys] = match as unknown as [string, string, string];
      const name = kebab.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      const lua = resolveIncludes(readFileSync(join(dir, file), 'utf8'), new Set(), dir);
      return { name, numberOfKeys: Number(keys), lua };
    });
}
