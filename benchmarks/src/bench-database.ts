/**
 * A PostgreSQL database of one benchmark run: created on the server named by
 * DATABASE_URL (default: the machine's 127.0.0.1:5432), dropped afterwards.
 * Returns null when no server answers, so a benchmark can say what it skipped.
 */
import pg from 'pg';

export const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  /** URL of the created database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * @example
 * const db = await createBenchDatabase('peers');
 * if (db) { const pool = new pg.Pool({ connectionString: db.url }); … await db.drop(); }
 */
export async function createBenchDatabase(label: string, serverUrl = process.env.DATABASE_URL ?? DEFAULT_POSTGRES_URL): Promise<BenchDatabase | null> {
  const name = `bf_bench_${label}_${process.pid}_${Date.now().toString(36)}`;
  try {
    await admin(serverUrl, `CREATE DATABASE "${name}"`);
  } catch (err) {
    console.warn(`no PostgreSQL at ${new URL(serverUrl).host}: ${(err as Error).message}`);
    return null;
  }
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
