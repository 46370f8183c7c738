/**
 * A throwaway, migrated database for one test file: a fresh `bf_test_<random>` database
 * on the server named by DATABASE_URL (dropped on close), else in-memory PGlite.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './client.ts';
import { readMigrations } from './migrate.ts';
import type { StatementObserver } from './statement-observer.ts';

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
  options: { url?: string | null; migrate?: boolean; onStatement?: StatementObserver } = {},
): Promise<TestDatabase> {
  const serverUrl = options.url === undefined ? process.env.DATABASE_URL : options.url;
  if (!serverUrl) return { ...(await openDatabase({ url: null, migrate: options.migrate, onStatement: options.onStatement })), url: null };

  const name = `bf_test_${randomBytes(6).toString('hex')}`;
  // A migrated database is a copy of the migrated template: migrating each one costs 2-5 s on
  // these cores, and the PostgreSQL test run opens one per test file.
  const template = options.migrate === false ? null : await migratedTemplate(serverUrl);
  await adminQuery(serverUrl, template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  let db: Database;
  try {
    db = await openDatabase({ url, poolMax: 8, migrate: options.migrate, onStatement: options.onStatement });
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

const templates = new Map<string, Promise<string>>();

/**
 * The server's migrated, never-connected template for the current migrations, built once (under an
 * advisory lock, so parallel test processes build it once) and named by the migrations' checksums,
 * so a changed migration never copies a stale one.
 */
function migratedTemplate(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl);
  if (!template) {
    template = buildTemplate(serverUrl).catch((error: unknown) => {
      templates.delete(serverUrl);
      throw error;
    });
    templates.set(serverUrl, template);
  }
  return template;
}

async function buildTemplate(serverUrl: string): Promise<string> {
  const hash = createHash('sha256');
  for (const migration of await readMigrations()) hash.update(`${migration.name}:${migration.checksum}\n`);
  const name = `bf_tpl_${hash.digest('hex').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Built under another name and renamed when migrated: a copy never starts from half a template.
      const building = `${name}_${process.pid}`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const db = await openDatabase({ url: withDatabase(serverUrl, building), poolMax: 2 });
      await db.close();
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
  } finally {
    await client.end(); // ends the session, and with it the advisory lock
  }
  return name;
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
