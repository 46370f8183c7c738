/**
 * Applies the hand-written SQL migrations in `prisma/migrations/` and records them in
 * `_prisma_migrations` the way `prisma migrate deploy` does, so that on a machine where
 * the Prisma CLI works it sees them as already applied. We cannot use the CLI here: its
 * schema engine is a native download that the build machines cannot fetch.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The minimal SQL surface the runner needs; implemented for PGlite and for a pg client. */
export interface SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** One statement with `$1`-style parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
}

export interface MigrationFile {
  /** Folder name, e.g. `20251121100000_init`; this is `migration_name` in `_prisma_migrations`. */
  name: string;
  sql: string;
  /** sha256 (hex) of the file's bytes, as Prisma computes it. */
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
  /** e.g. an applied migration whose file changed since (Prisma warns about it too). */
  warnings: string[];
}

/** Same key as Prisma's own migrate lock, so our runner and `prisma migrate deploy` exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

// Prisma's exact DDL for its bookkeeping table (schema-engine sql-migration-connector).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/** sha256 hex of a migration file's bytes. */
export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Lists the migrations of a folder in Prisma's layout, oldest first.
 *
 * @example
 * const files = await readMigrations(); // [{ name: '20251121100000_init', sql, checksum }]
 */
export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = (await readdir(dir)).filter((n) => /^\d+_/.test(n)).sort();
  const files: MigrationFile[] = [];
  for (const name of entries) {
    const file = path.join(dir, name, 'migration.sql');
    if (!(await stat(file).catch(() => null))?.isFile()) continue;
    const bytes = await readFile(file);
    files.push({ name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) });
  }
  return files;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

/**
 * Applies every migration not yet recorded as finished, each in its own transaction
 * together with its `_prisma_migrations` row. Safe to run twice (second run is a no-op)
 * and from several processes at once on PostgreSQL (session advisory lock).
 *
 * @example
 * const report = await applyMigrations(pgliteExecutor(db));
 * console.log(report.applied); // ['20251121100000_init'] on a fresh database
 */
export async function applyMigrations(
  executor: SqlExecutor,
  options: { dir?: string } = {},
): Promise<MigrationReport> {
  const migrations = await readMigrations(options.dir);
  const report: MigrationReport = { applied: [], alreadyApplied: [], warnings: [] };
  const locking = executor.kind === 'postgres';
  if (locking) await executor.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  try {
    await executor.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await executor.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    for (const migration of migrations) {
      const done = rows.find(
        (r) => r.migration_name === migration.name && r.finished_at !== null && r.rolled_back_at === null,
      );
      if (done) {
        report.alreadyApplied.push(migration.name);
        if (done.checksum !== migration.checksum) {
          report.warnings.push(`migration ${migration.name} was modified after it was applied`);
        }
        continue;
      }
      const failed = rows.find((r) => r.migration_name === migration.name && r.finished_at === null && r.rolled_back_at === null);
      if (failed) {
        throw new Error(`migration ${migration.name} is recorded as failed in _prisma_migrations; resolve it by hand`);
      }
      await applyOne(executor, migration);
      report.applied.push(migration.name);
    }
  } finally {
    if (locking) await executor.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  }
  return report;
}

async function applyOne(executor: SqlExecutor, migration: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await executor.exec('BEGIN');
  try {
    await executor.exec(migration.sql);
    await executor.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt.toISOString()],
    );
    await executor.exec('COMMIT');
  } catch (error) {
    await executor.exec('ROLLBACK').catch(() => undefined);
    throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
