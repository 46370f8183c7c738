/**
 * A throwaway, migrated database for one test file: a fresh `bf_test_<random>` database
 * on the server named by DATABASE_URL (dropped on close), else in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './client.ts';

export interface TestDatabase extends Database {
  /** The URL of the created database (PostgreSQL only). */
  url: string | null;
}

/**
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await openTestDatabase(); });
 * afterAll(() => db.close());
 */
export async function openTestDatabase(
  options: { url?: string | null; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = options.url === undefined ? process.env.DATABASE_URL : options.url;
  if (!serverUrl) return { ...(await openDatabase({ url: null, migrate: options.migrate })), url: null };

  const name = `bf_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  let db: Database;
  try {
    db = await openDatabase({ url, poolMax: 8, migrate: options.migrate });
  } catch (error) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  return {
    ...db,
    url,
    async close() {
      await db.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
