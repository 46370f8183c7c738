/**
 * A test database that a child process can open too: a fresh PostgreSQL
 * database when DATABASE_URL is set, else a PGlite data directory on disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openTestDatabase, type Database } from '@borderflow/db';
import type { PlatformChildOptions } from './platform-child.ts';

export interface SharedTestStore {
  /** What a platform child needs to open the same database. */
  child: Pick<PlatformChildOptions, 'databaseUrl' | 'dataDir'>;
  kind: 'postgres' | 'pglite';
  /**
   * The test's own handle. PGlite: only while no child runs — one process per data
   * directory — so call it after the last child has exited.
   */
  open(): Promise<Database>;
  /** Closes the handle; drops the database or removes the directory. */
  cleanup(): Promise<void>;
}

/**
 * @example
 * const store = await sharedTestStore();
 * const child = await spawnPlatform({ ...store.child, redisUrl, prefix });
 * await child.stop();
 * const db = await store.open();
 */
export async function sharedTestStore(): Promise<SharedTestStore> {
  if (process.env.DATABASE_URL) {
    const db = await openTestDatabase();
    return { child: { databaseUrl: db.url! }, kind: 'postgres', open: async () => db, cleanup: () => db.close() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'borderflow-shared-db-'));
  let db: Database | null = null;
  return {
    // The platform keeps PGlite under `<dataDir>/pglite`.
    child: { dataDir: dir },
    kind: 'pglite',
    open: async () => (db ??= await openDatabase({ url: null, dataDir: join(dir, 'pglite') })),
    cleanup: async () => {
      await db?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
