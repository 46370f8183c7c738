import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor, pgliteExecutor } from './executors.ts';
import { applyMigrations, readMigrations, type SqlExecutor } from './migrate.ts';
import { openTestDatabase } from './test-database.ts';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  id: string;
}

async function expectRecordedExactlyOnce(executor: SqlExecutor): Promise<void> {
  const files = await readMigrations();
  const rows = await executor.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
  for (const [i, row] of rows.entries()) {
    expect(row.checksum).toBe(files[i]?.checksum);
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.finished_at).not.toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
  }
}

describe('applyMigrations on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(() => db.close());

  it('applies every migration once, records sha256 checksums, and is a no-op the second time', async () => {
    const executor = pgliteExecutor(db);
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await applyMigrations(executor);
    expect(first.applied).toEqual(files.map((f) => f.name));
    await expectRecordedExactlyOnce(executor);

    const second = await applyMigrations(executor);
    expect(second).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name), warnings: [] });
    await expectRecordedExactlyOnce(executor);
  });
});

describe('applyMigrations with a failing or edited migration', () => {
  let dir: string;
  let db: PGlite;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bf-migrations-'));
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    await mkdir(path.join(dir, '1_ok'));
    await writeFile(path.join(dir, '1_ok', 'migration.sql'), 'CREATE TABLE "a" ("id" INTEGER);');
    await mkdir(path.join(dir, '2_bad'));
    await writeFile(path.join(dir, '2_bad', 'migration.sql'), 'CREATE TABLE "b" ("id" INTEGER);\nSELECT nope FROM nowhere;');
    const executor = pgliteExecutor(db);

    await expect(applyMigrations(executor, { dir })).rejects.toThrow(/2_bad failed/);
    const names = await executor.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(names.map((r) => r.migration_name)).toEqual(['1_ok']);
    const tables = await executor.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_name IN ('a','b')",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['a']);
  });

  it('warns (like prisma migrate deploy) when an applied migration was edited', async () => {
    await writeFile(path.join(dir, '1_ok', 'migration.sql'), 'CREATE TABLE "a" ("id" INTEGER); -- edited');
    await rm(path.join(dir, '2_bad'), { recursive: true });
    const report = await applyMigrations(pgliteExecutor(db), { dir });
    expect(report.applied).toEqual([]);
    expect(report.warnings).toEqual(['migration 1_ok was modified after it was applied']);
  });
});

describe.runIf(process.env.DATABASE_URL)('applyMigrations on PostgreSQL', () => {
  it('applies once when two processes migrate the same fresh database concurrently', async () => {
    const db = await openTestDatabase({ migrate: false });
    const clients = [new pg.Client({ connectionString: db.url! }), new pg.Client({ connectionString: db.url! })];
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const reports = await Promise.all(clients.map((c) => applyMigrations(pgExecutor(c))));
      const files = (await readMigrations()).map((f) => f.name);
      expect(reports.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([files, []]);
      await expectRecordedExactlyOnce(pgExecutor(clients[0]!));
      expect((await applyMigrations(pgExecutor(clients[1]!))).applied).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await db.close();
    }
  });

  it('migrates on open through openTestDatabase', async () => {
    const db = await openTestDatabase();
    try {
      expect(db.kind).toBe('postgres');
      // A copy of the migrated template: every migration is there, applied or already applied.
      const names = (await readMigrations()).map((f) => f.name);
      expect([...db.migrations.applied, ...db.migrations.alreadyApplied]).toEqual(names);
      expect(names.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
