/**
 * A migrated, empty PGlite data directory, built once per machine and migration set and kept as
 * a tarball in the OS temp directory, so that each in-memory database (one per test file) loads
 * it instead of running initdb and every migration again.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExecutor } from './executors.ts';
import { applyMigrations, readMigrations } from './migrate.ts';

let cached: Promise<Blob> | null = null;

/**
 * The template for the current migrations and PGlite version; built on first use.
 *
 * @example
 * const db = new PGlite({ loadDataDir: await migratedPgliteTemplate() }); // migrated, empty
 */
export function migratedPgliteTemplate(): Promise<Blob> {
  cached ??= loadOrBuild().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

async function loadOrBuild(): Promise<Blob> {
  const file = path.join(tmpdir(), `borderflow-pglite-${await templateKey()}.tar`);
  const existing = await readFile(file).catch(() => null);
  if (existing) return new Blob([existing]);
  const db = new PGlite();
  try {
    await db.waitReady;
    await applyMigrations(pgliteExecutor(db));
    const dump = await db.dumpDataDir('none');
    // Written beside, then renamed: a process reading it never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file).catch(() => rm(partial, { force: true }));
    return dump;
  } finally {
    await db.close();
  }
}

/** Changes with any migration's bytes or PGlite's version: a stale template is never loaded. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const migration of await readMigrations()) hash.update(`${migration.name}:${migration.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = require(path.join(dir, 'package.json')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    } catch {
      // not here: one level up
    }
  }
  return 'unknown';
}
