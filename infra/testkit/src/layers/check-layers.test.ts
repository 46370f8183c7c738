import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from './check-layers.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let root: string;

/** A small monorepo: contracts <- scheduler <- api <- traffic, each declaring what it imports. */
function fixture(files: Record<string, string>, deps: Record<string, string[]> = {}) {
  root = mkdtempSync(join(tmpdir(), 'layers-'));
  const packages: Record<string, string> = {
    'services/contracts': '@borderflow/contracts',
    'services/scheduler': '@borderflow/scheduler',
    'services/api': '@borderflow/api',
    'simulators/traffic': '@borderflow/traffic',
  };
  const declared: Record<string, string[]> = {
    '@borderflow/scheduler': ['@borderflow/contracts'],
    '@borderflow/api': ['@borderflow/contracts', '@borderflow/scheduler'],
    '@borderflow/traffic': ['@borderflow/api'],
    ...deps,
  };
  writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: Object.keys(packages) }));
  for (const [dir, name] of Object.entries(packages)) {
    mkdirSync(join(root, dir, 'src'), { recursive: true });
    const dependencies = Object.fromEntries((declared[name] ?? []).map((d) => [d, '*']));
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name, dependencies }));
    writeFileSync(join(root, dir, 'src/index.ts'), 'export const x = 1;\n');
  }
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return checkLayers(root, []);
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the layer rule', () => {
  it('accepts imports that run down the layers', () => {
    const report = fixture({
      'services/api/src/routes.ts': "import { x } from '@borderflow/scheduler';\nimport type { y } from '@borderflow/contracts';\n",
      'simulators/traffic/src/feeder.ts': "import { x } from '@borderflow/api';\n",
    });
    expect(report.violations).toEqual([]);
    expect(report.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([
      '@borderflow/api -> @borderflow/contracts',
      '@borderflow/api -> @borderflow/scheduler',
      '@borderflow/traffic -> @borderflow/api',
    ]);
  });

  it('fails on a planted wrong-way import, a dynamic one too', () => {
    const report = fixture(
      {
        'services/api/src/feeder.ts': "const m = await import('@borderflow/traffic');\n",
        'services/scheduler/src/bad.ts': "export { x } from '@borderflow/api';\n",
      },
      { '@borderflow/api': ['@borderflow/traffic'], '@borderflow/scheduler': ['@borderflow/api'] },
    );
    expect(report.violations).toContain(
      'services/api/src/feeder.ts: @borderflow/api (adapters) imports @borderflow/traffic (apps), a higher layer',
    );
    expect(report.violations).toContain(
      'services/scheduler/src/bad.ts: @borderflow/scheduler (domain) imports @borderflow/api (adapters), a higher layer',
    );
  });

  it('ignores imports written in comments', () => {
    const report = fixture({ 'services/scheduler/src/doc.ts': "/**\n * import { x } from '@borderflow/api';\n */\nexport {};\n" });
    expect(report.violations).toEqual([]);
  });

  it('fails on an undeclared import and on a relative path into another package', () => {
    const report = fixture({
      'services/scheduler/src/a.ts': "import { x } from '@borderflow/contracts/src/index.ts';\n",
      'services/api/src/b.ts': "import { x } from '../../contracts/src/index.ts';\n",
    }, { '@borderflow/scheduler': [] });
    expect([...report.violations].sort()).toEqual([
      "services/scheduler/src/a.ts: imports @borderflow/contracts, which @borderflow/scheduler's package.json does not declare",
      "services/api/src/b.ts: reaches into @borderflow/contracts by the relative path '../../contracts/src/index.ts' (import '@borderflow/contracts' instead)",
    ].sort());
  });

  it('fails on a cycle inside a layer', () => {
    const report = fixture(
      {
        'services/api/src/a.ts': "import { x } from '@borderflow/persist';\n",
      },
      { '@borderflow/api': ['@borderflow/persist'] },
    );
    // persist is not a workspace of the fixture: add it as one that imports the api back.
    mkdirSync(join(root, 'services/persist/src'), { recursive: true });
    writeFileSync(join(root, 'services/persist/package.json'), JSON.stringify({ name: '@borderflow/persist', dependencies: { '@borderflow/api': '*' } }));
    writeFileSync(join(root, 'services/persist/src/b.ts'), "import { x } from '@borderflow/api';\n");
    writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: ['services/contracts', 'services/scheduler', 'services/api', 'simulators/traffic', 'services/persist'] }));
    expect(checkLayers(root, []).violations).toEqual(['package cycle: @borderflow/api -> @borderflow/persist -> @borderflow/api']);
    expect(report.violations).toEqual([]);
  });

  it('passes on this repository', () => {
    expect(checkLayers(REPO).violations).toEqual([]);
  });
});
