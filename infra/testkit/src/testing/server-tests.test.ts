import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureFiles } from './fixture-files.ts';
import { classifyTestFiles, serverIndependentGlobs } from './server-tests.ts';
import { borderflowVitestConfig, serverPhaseExclude } from './vitest-config.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A two-workspace monorepo: `@borderflow/kit` (helpers) and `app`, whose test files are judged. */
const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({ workspaces: ['kit', 'app'] }),
  'kit/package.json': JSON.stringify({ name: '@borderflow/kit', exports: { '.': './src/index.ts', './pure': './src/pure.ts' } }),
  'kit/src/index.ts': "export * from './pure.ts';\nexport * from './store.ts';\n",
  'kit/src/pure.ts': 'export const double = (n: number) => 2 * n;\n',
  'kit/src/store.ts': 'export const storeUrl = () => process.env.DATABASE_URL;\n',
  'app/package.json': JSON.stringify({ name: 'app' }),
  'app/src/rule.ts': "import { double } from '@borderflow/kit/pure';\nexport const rule = (n: number) => double(n) + 1;\n",
  'app/src/rule.test.ts': "import { rule } from './rule';\nrule(1);\n",
  // Reaches the database only through the kit's barrel: the barrel re-exports the store.
  'app/src/barrel.test.ts': "import { double } from '@borderflow/kit';\ndouble(1);\n",
  // Two steps of relative imports, then a helper that asks for a Redis.
  'app/src/helper-redis.ts': "export const redis = () => testRedis();\ndeclare function testRedis(): unknown;\n",
  'app/src/fixture.ts': "export { redis } from './helper-redis.ts';\n",
  'app/src/indirect.test.ts': "import { redis } from './fixture.ts';\nredis();\n",
  // A child process inherits process.env, and with it whatever database the phase names.
  'app/src/child.test.ts': "import { spawn } from 'node:child_process';\nspawn('node');\n",
  // An import cycle whose far member is marked; a dynamic import.
  'app/src/cycle-a.ts': "import { b } from './cycle-b.ts';\nexport const a = () => b;\n",
  'app/src/cycle-b.ts': "import { a } from './cycle-a.ts';\nexport const b = () => [a, process.env.REDIS_URL];\n",
  'app/src/cycle.test.ts': "import { a } from './cycle-a.ts';\na();\n",
  'app/src/dynamic.test.ts': "await import('./fixture.ts');\n",
  // A computed path cannot be followed: what it loads may reach a server.
  'app/src/computed.test.ts': "for (const name of ['./rule.ts']) await import(name);\n",
  'app/src/nested/pure-too.test.ts': "import { rule } from '../rule.ts';\nrule(2);\n",
  'app/node_modules/dep/ignored.test.ts': '',
};

let root: string;

beforeAll(async () => {
  root = await writeFixtureFiles('server-tests-', FIXTURE);
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('classifyTestFiles', () => {
  it('keeps for the servers every file whose imports reach a database, Redis or their variables', () => {
    const { needServers, independent, reasons } = classifyTestFiles(join(root, 'app'), root);
    const names = (files: string[]) => files.map((file) => file.slice(join(root, 'app/src/').length));
    expect(names(needServers)).toEqual(['barrel.test.ts', 'child.test.ts', 'computed.test.ts', 'cycle.test.ts', 'dynamic.test.ts', 'indirect.test.ts']);
    expect(names(independent)).toEqual(['nested/pure-too.test.ts', 'rule.test.ts']);
    expect(reasons.get(join(root, 'app/src/indirect.test.ts'))).toBe(
      "'testRedis' in app/src/indirect.test.ts -> app/src/fixture.ts -> app/src/helper-redis.ts",
    );
    expect(reasons.get(join(root, 'app/src/barrel.test.ts'))).toBe(
      "'DATABASE_URL' in app/src/barrel.test.ts -> kit/src/index.ts -> kit/src/store.ts",
    );
  });

  it('judges this repository: pure rules out, the database and Redis suites in', () => {
    const contracts = classifyTestFiles(join(REPO, 'services/contracts'));
    expect(contracts.independent.length).toBeGreaterThan(20);
    expect(contracts.independent).toContain(join(REPO, 'services/contracts/src/identifiers/vn-plate.test.ts'));
    // It loads every file of its folder by a computed path: kept, as it cannot be followed.
    const docExamples = join(REPO, 'services/contracts/src/identifiers/doc-examples.test.ts');
    expect(contracts.reasons.get(docExamples)).toMatch(/^'import\(' in services\/contracts\/src\/identifiers\/doc-examples\.test\.ts$/);

    const api = classifyTestFiles(join(REPO, 'services/api'));
    expect(api.independent).toContain(join(REPO, 'services/api/src/stats/kaplan-meier.test.ts'));
    for (const file of ['src/routes/bookings.test.ts', 'src/crash-recovery.test.ts', 'src/redis-connection.test.ts']) {
      expect(api.needServers).toContain(join(REPO, 'services/api', file));
    }
  });
});

describe('borderflowVitestConfig with BORDERFLOW_SERVER_TESTS_ONLY', () => {
  const saved = { flag: process.env.BORDERFLOW_SERVER_TESTS_ONLY, cwd: process.cwd() };
  afterEach(() => {
    if (saved.flag === undefined) delete process.env.BORDERFLOW_SERVER_TESTS_ONLY;
    else process.env.BORDERFLOW_SERVER_TESTS_ONLY = saved.flag;
    process.chdir(saved.cwd);
  });

  it('leaves out exactly the independent files of the workspace it runs in, and nothing without the flag', () => {
    process.chdir(join(root, 'app'));
    delete process.env.BORDERFLOW_SERVER_TESTS_ONLY;
    const everything = borderflowVitestConfig().test?.exclude ?? [];
    expect(everything).toEqual(['**/node_modules/**', '**/.data/**', '**/dist/**']);
    expect(serverPhaseExclude()).toEqual([]);

    process.env.BORDERFLOW_SERVER_TESTS_ONLY = '1';
    expect(borderflowVitestConfig().test?.exclude).toEqual([...everything, 'src/nested/pure-too.test.ts', 'src/rule.test.ts']);
    expect(serverPhaseExclude()).toEqual(['src/nested/pure-too.test.ts', 'src/rule.test.ts']);
    expect(serverIndependentGlobs(join(root, 'app'))).toEqual(['src/nested/pure-too.test.ts', 'src/rule.test.ts']);
  });
});
