import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';

describe('openDatabase on PGlite with a data directory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across reopen and migrates only once', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'bf-pglite-'));
    dirs.push(root);
    const dataDir = path.join(root, 'nested', 'pglite'); // created on demand

    const first = await openDatabase({ url: null, dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.migrations.applied.length).toBeGreaterThan(0);
    await first.prisma.gate.create({ data: { code: 'ZZ', name: 'Test gate', lat: 22.5, lng: 103.9 } });
    await first.close();

    const second = await openDatabase({ url: null, dataDir });
    try {
      expect(second.migrations.applied).toEqual([]);
      expect(second.migrations.alreadyApplied).toEqual(first.migrations.applied);
      expect((await second.prisma.gate.findUniqueOrThrow({ where: { code: 'ZZ' } })).name).toBe('Test gate');
    } finally {
      await second.close();
    }
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openDatabase({ url: 'mysql://root@localhost/x' })).rejects.toThrow(/postgresql:\/\//);
  });
});

describe('openDatabase in memory (one per test file)', () => {
  it('starts from the migrated template: every migration is there, and two databases share no rows', async () => {
    const [a, b] = await Promise.all([openDatabase({ url: null }), openDatabase({ url: null })]);
    try {
      const { readMigrations } = await import('./migrate.ts');
      const names = (await readMigrations()).map((m) => m.name);
      expect([...a.migrations.applied, ...a.migrations.alreadyApplied]).toEqual(names);
      await a.prisma.gate.create({ data: { code: 'ZA', name: 'Only in A', lat: 22.5, lng: 103.9 } });
      expect(await a.prisma.gate.count({ where: { code: 'ZA' } })).toBe(1);
      expect(await b.prisma.gate.count({ where: { code: 'ZA' } })).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
