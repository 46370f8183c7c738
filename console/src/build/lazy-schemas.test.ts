// @vitest-environment node
// Build code: Node, not the DOM (import.meta.url must be a file: URL).
/**
 * The console's build makes contracts' schemas lazy (lazy-schemas.ts). Here a copy of contracts'
 * sources goes through the same rewrite and is imported as the bundle would evaluate it: loading
 * it builds few schemas (the page start a phone pays for), and every route's worked examples
 * (requests and answers) parse to the same values and refusals as with the eager sources.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as eager from '@borderflow/contracts';
import { lazySchemas } from './lazy-schemas.ts';

const CONTRACTS = fileURLToPath(new URL('../../../services/contracts/', import.meta.url));

describe('lazySchemas (the rewrite)', () => {
  it('wraps top-level schemas, by name or by a z. call, and leaves the rest', () => {
    const code = [
      "import { z } from 'zod';",
      'export const ZTripIdSchema = z.string().uuid();',
      'const sensorId = z.string().regex(/^a$/);',
      'export const ZPageSchema = ZTripIdSchema.optional() as z.ZodOptional<z.ZodString>;',
      'export const STATES = ZStateSchema.options;',
      'const ZBase64Schema = (name: string) => z.string().describe(name);',
      'const shape = { id: z.string() };',
      'export function make() { const ZInnerSchema = z.number(); return ZInnerSchema; }',
      'const live = timedSchemas(ZLiveInstantSchema);',
      'export const ZLiveLaneSchema = live.lane;',
      'const rest = timedSchemas(ZOffsetSchema);',
      'export const ZRestLaneSchema = rest.lane;',
      'export const restLanes = [rest];',
    ].join('\n');
    const out = lazySchemas(code, '/lazy.ts')!;
    expect(out).toContain('import { lazySchema as __lazySchema } from "/lazy.ts";');
    expect(out).toContain('export const ZTripIdSchema = /* @__PURE__ */ __lazySchema(() => (z.string().uuid()));');
    expect(out).toContain('const sensorId = /* @__PURE__ */ __lazySchema(() => (z.string().regex(/^a$/)));');
    expect(out).toContain('export const ZPageSchema = /* @__PURE__ */ __lazySchema(() => (ZTripIdSchema.optional() as z.ZodOptional<z.ZodString>));');
    expect(out).toContain('export const STATES = ZStateSchema.options;');
    expect(out).toContain('const ZBase64Schema = (name: string) =>');
    expect(out).toContain('const shape = { id: z.string() };');
    expect(out).toContain('const ZInnerSchema = z.number();');
    // A helper's family of schemas, read only through its properties; not when used as a value.
    expect(out).toContain('const live = /* @__PURE__ */ __lazySchema(() => (timedSchemas(ZLiveInstantSchema)));');
    expect(out).toContain('const rest = timedSchemas(ZOffsetSchema);');
    expect(lazySchemas('export const A = 1;\n')).toBeNull();
  });
});

describe('contracts, made lazy as in the console build', () => {
  // Inside services/contracts, so the copy resolves `zod` as the sources do.
  const copy = mkdtempSync(join(CONTRACTS, '.lazy-test-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const rewrite = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) rewrite(file);
      else if (name.endsWith('.ts') && name !== 'lazy-schema.ts') {
        const code = lazySchemas(readFileSync(file, 'utf8'), join(copy, 'src/lazy-schema.ts'));
        if (code !== null) writeFileSync(file, code);
      }
    }
  };

  const load = async () => {
    // Sources only: no copied test file for a contracts test run to find meanwhile.
    cpSync(join(CONTRACTS, 'src'), join(copy, 'src'), { recursive: true, filter: (from) => !from.endsWith('.test.ts') });
    rewrite(join(copy, 'src'));
    const stats = ((await import(join(copy, 'src/lazy-schema.ts'))) as { lazySchemaStats: { created: number; built: number } }).lazySchemaStats;
    const lazy = (await import(join(copy, 'src/index.ts'))) as typeof eager;
    return { stats: { ...stats }, lazy };
  };

  it('builds few schemas when it loads, and parses every route example as the eager sources do', async () => {
    const { stats, lazy } = await load();
    // ~360 stand-ins; loading builds only what module-level code reads (enum option lists…).
    expect(stats.created).toBeGreaterThan(300);
    expect(stats.built).toBeLessThan(stats.created / 5);

    let compared = 0;
    for (const [name, route] of Object.entries(eager.ROUTES)) {
      const lazyRoute = lazy.ROUTES[name as keyof typeof lazy.ROUTES];
      const examples = route.examples as Record<string, unknown> | undefined;
      for (const part of ['params', 'query', 'body', 'response'] as const) {
        const schema = route[part] as z.ZodType | null | undefined;
        const value = examples?.[part];
        if (!schema || value === undefined) continue;
        const a = schema.safeParse(value);
        const b = (lazyRoute[part] as z.ZodType).safeParse(value);
        expect(b.success, `${name}.${part}`).toBe(a.success);
        expect(b.data, `${name}.${part}`).toEqual(a.data);
        // A refusal too: the example with a field gone or of the wrong kind.
        const broken = value && typeof value === 'object' && !Array.isArray(value) ? { ...value, [Object.keys(value)[0] ?? 'x']: Symbol('wrong') } : Symbol('wrong');
        expect((lazyRoute[part] as z.ZodType).safeParse(broken).error?.issues, `${name}.${part} refused`).toEqual(schema.safeParse(broken).error?.issues);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 120_000);
});
