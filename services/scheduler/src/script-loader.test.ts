import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testRedis } from '@borderflow/testkit/testing';
import { DEFAULT_POLICY } from '@borderflow/contracts';
import { loadCommands, withLuaCommands, type LuaCommands } from './script-loader.ts';

describe('loadCommands', () => {
  it("fills the Lua's policy defaults from the contracts' document, leaving no placeholder", () => {
    const lua = loadCommands().find((c) => c.name === 'checkIn')!.lua;
    expect(lua).not.toMatch(/\$\{[A-Z0-9_]+\}/);
    expect(lua).toContain(`tonumber(m[3]) or ${DEFAULT_POLICY.agingMs}`);
    expect(lua).toContain(`tonumber(m[6]) or ${DEFAULT_POLICY.appointmentGraceMs}`);
    expect(lua).toContain(`'${DEFAULT_POLICY.interleave.join(',')}'`);
  });

  it('refuses a script naming a placeholder nobody fills', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-lua-'));
    mkdirSync(join(dir, 'includes'));
    writeFileSync(join(dir, 'probe-1.lua'), 'return ${NO_SUCH_THING}\n');
    expect(() => loadCommands(dir)).toThrow(/NO_SUCH_THING/);
  });

  it('loads a read of any number of keys from <name>-n.lua (the caller counts them) and refuses other names', () => {
    expect(loadCommands().find((c) => c.name === 'tripsWithSeq')).toMatchObject({ numberOfKeys: undefined });
    expect(loadCommands().find((c) => c.name === 'checkIn')).toMatchObject({ numberOfKeys: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'bf-lua-'));
    mkdirSync(join(dir, 'includes'));
    writeFileSync(join(dir, 'probe.lua'), 'return 1\n');
    expect(() => loadCommands(dir)).toThrow(/<name>-n\.lua/);
  });
});

describe('withLuaCommands', () => {
  it('defines the commands on a client once, and they run there', async () => {
    const t = testRedis();
    try {
      const commands: LuaCommands = { bf_probeEcho: { numberOfKeys: 1, lua: 'return {KEYS[1], ARGV[1]}' }, bf_probeSum: { lua: 'return #KEYS + tonumber(ARGV[1])' } };
      let defined = 0;
      const define = t.redis.defineCommand.bind(t.redis);
      t.redis.defineCommand = (name, definition) => { defined++; define(name, definition); };
      type Probe = { bf_probeEcho(key: string, arg: string): Promise<string[]>; bf_probeSum(numKeys: number, ...keysAndArgs: string[]): Promise<number> };
      const r = withLuaCommands<Probe>(t.redis, commands);
      expect(await r.bf_probeEcho(`${t.prefix}k`, 'x')).toEqual([`${t.prefix}k`, 'x']);
      expect(await withLuaCommands<Probe>(t.redis, commands).bf_probeSum(2, `${t.prefix}a`, `${t.prefix}b`, '40')).toBe(42);
      expect(defined).toBe(2);
    } finally {
      await t.cleanup();
    }
  });
});
