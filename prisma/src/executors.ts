/**
 * `SqlExecutor`s over the two drivers we support. Both run on ONE session, which the
 * migration runner needs (BEGIN/COMMIT and the advisory lock must share a connection).
 */
import type { PgliteSession } from './pglite-in-worker.ts';
import type pg from 'pg';
import type { SqlExecutor } from './migrate.ts';

/**
 * Wraps a PGlite database (in this thread, or in a worker thread: pglite-in-worker.ts).
 *
 * @example
 * await applyMigrations(pgliteExecutor(new PGlite()));
 */
export function pgliteExecutor(db: PgliteSession): SqlExecutor {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/**
 * Wraps one checked-out pg client (not a Pool: a pool could run BEGIN and COMMIT on
 * different connections).
 *
 * @example
 * const client = await pool.connect();
 * try { await applyMigrations(pgExecutor(client)); } finally { client.release(); }
 */
export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}
