import { readFileSync } from 'node:fs';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { writeFixtureFiles } from '../testing/fixture-files.ts';
import { planTypecheck, runTypecheck } from './typecheck.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Two workspaces on the base options (one importing the other's source), one with options of its own,
 * one on the base options that references the DOM.
 */
const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({ workspaces: ['lib', 'app', 'web', 'bench'] }),
  'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023'], module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, types: [] } }),
  'lib/tsconfig.json': '{\n  // comments are allowed here\n  "extends": "../tsconfig.base.json",\n  "include": ["src/**/*.ts"],\n}\n',
  'lib/src/double.ts': 'export const double = (n: number): number => 2 * n;\n',
  'app/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json', include: ['src/**/*.ts'] }),
  'app/src/main.ts': "import { double } from '../../lib/src/double.ts';\nexport const four: number = double(2);\n",
  'web/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { lib: ['ES2023', 'DOM'] }, include: ['src/**/*.ts'] }),
  'web/src/page.ts': 'export const title = (): string => document.title;\n',
  // The base options, but a file that brings the DOM into whatever program holds it.
  'bench/tsconfig.json': JSON.stringify({ extends: '../tsconfig.base.json', include: ['src/**/*.ts'] }),
  'bench/src/browser.ts': '/// <reference lib="dom" />\nexport const width = (): number => window.innerWidth;\n',
};

let root: string;

beforeAll(async () => {
  root = await writeFixtureFiles('typecheck-', FIXTURE);
  // runTypecheck finds tsc from the root, as in the repository.
  await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
});

afterAll(() => rm(root, { recursive: true, force: true }));

it('checks the workspaces on the base options as one program; one with options of its own, or one reaching the global scope, alone', async () => {
  const programs = planTypecheck(root);
  expect(programs.map(({ name, workspaces }) => ({ name, workspaces }))).toEqual([
    { name: 'shared', workspaces: ['lib', 'app'] },
    { name: 'web', workspaces: ['web'] },
    { name: 'bench', workspaces: ['bench'] },
  ]);
  expect(JSON.parse(await readFile(programs[0]!.tsconfig, 'utf8'))).toEqual({
    extends: '../../tsconfig.base.json',
    include: ['../../lib/src/**/*.ts', '../../app/src/**/*.ts'],
  });
});

it('fails on a type error in any workspace, and passes when there is none', async () => {
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await runTypecheck(planTypecheck(root), root)).toBe(0);
    // An error in a file only the shared program reaches, and one the DOM program would not see.
    await writeFile(join(root, 'app/src/wrong.ts'), "export const n: number = 'four';\n");
    await writeFile(join(root, 'lib/src/no-dom.ts'), 'export const t = document.title;\n');
    expect(await runTypecheck(planTypecheck(root), root)).toBe(1);
    const printed = quiet.mock.calls.map(([text]) => String(text)).join('');
    expect(printed).toContain("app/src/wrong.ts");
    expect(printed).toContain('lib/src/no-dom.ts');
    expect(printed).toMatch(/typecheck web \(web\): ok/);
    expect(printed).toMatch(/typecheck bench \(bench\): ok/);
  } finally {
    quiet.mockRestore();
  }
});

it('covers every workspace of this repository, the console on its own', () => {
  const programs = planTypecheck(REPO);
  const workspaces = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  expect(programs.flatMap((program) => program.workspaces).sort()).toEqual([...workspaces].sort());
  expect(programs.find((program) => program.name === 'console')?.workspaces).toEqual(['console']);
});
