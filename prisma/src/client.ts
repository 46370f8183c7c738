/**
 * Opens the system of record: PostgreSQL when a `postgresql://` URL is given (or
 * DATABASE_URL is set), otherwise an in-process PGlite database on disk or in memory.
 * Either way the caller gets the same Prisma client, already migrated.
 */
import { mkdir } from 'node:fs/promises';
import { migratedPgliteTemplate } from './pglite-template.ts';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client.ts';
import { pgExecutor, pgliteExecutor } from './executors.ts';
import { applyMigrations, type MigrationReport } from './migrate.ts';
import { observeStatements, type StatementObserver } from './statement-observer.ts';
import { statementNames } from './statement-names.ts';
import { HeldBeginPool } from './lazy-begin.ts';
import { allowDirectTransactions } from './direct-transaction.ts';
import { openPgliteInWorker, type PgliteInWorker } from './pglite-in-worker.ts';

export interface OpenDatabaseOptions {
  /** `postgresql://…`; defaults to `process.env.DATABASE_URL`. Pass `null` to force PGlite. */
  url?: string | null;
  /** PGlite data directory (e.g. `.data/pglite`); in-memory when undefined. Ignored for PostgreSQL. */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** pg pool size (PostgreSQL only). */
  poolMax?: number;
  /** Sees every SQL statement (tests that pin a statement count; statement-observer.ts). */
  onStatement?: StatementObserver;
  /**
   * Where PGlite runs: `worker` (default), a worker thread of its own, so its WebAssembly work does not
   * hold up this thread's event loop (pglite-in-worker.ts); `main`, this thread. Default from
   * PGLITE_THREAD. Ignored for PostgreSQL.
   */
  pgliteThread?: 'worker' | 'main';
}

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Runs a raw SQL script (several statements allowed, no parameters). For tests and tooling. */
  exec(sql: string): Promise<void>;
  /** What migrating on open did (empty lists when `migrate: false`). */
  migrations: MigrationReport;
  close(): Promise<void>;
}

const NO_MIGRATIONS: MigrationReport = { applied: [], alreadyApplied: [], warnings: [] };

/**
 * Interactive transactions wait up to 10 s for a connection (Prisma's default is 2 s). Under a
 * burst (check-ins, agency decisions and the persist consumer at once, on 2 busy cores) a short
 * wait turned an accepted request into a 500 (P2028); a gate would rather answer late than lose it.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/**
 * Opens and migrates the database.
 *
 * @example
 * const db = await openDatabase({ dataDir: '.data/pglite' }); // or DATABASE_URL=postgresql://…
 * const gates = await db.prisma.gate.findMany();
 * await db.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url === undefined ? process.env.DATABASE_URL : options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  if (url) throw new Error(`DATABASE_URL must start with postgresql:// (got "${url.split(':')[0]}:…")`);
  return openPglite(options);
}

function observed<F extends object>(adapter: F, options: OpenDatabaseOptions): F {
  return options.onStatement ? observeStatements(adapter, options.onStatement) : adapter;
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  // A transaction's BEGIN goes out with its first statement (lazy-begin.ts).
  const pool = new HeldBeginPool({ connectionString: url, max: options.poolMax ?? 10 });
  // An idle client dying (server restart) must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  let migrations = NO_MIGRATIONS;
  try {
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        migrations = await applyMigrations(pgExecutor(client));
      } finally {
        client.release();
      }
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  // The adapter hands the name to pg as is; undefined (declared as string) is an unnamed statement.
  const statementNameGenerator = statementNames() as (query: { sql: string; args: unknown[] }) => string;
  const prisma = new PrismaClient({ adapter: observed(new PrismaPg(pool, { statementNameGenerator }), options), transactionOptions: TRANSACTION_OPTIONS });
  // Transactions of raw statements may skip Prisma's client (direct-transaction.ts): same pool, names and observer.
  allowDirectTransactions(prisma, { pool, names: statementNameGenerator, observe: options.onStatement, ...TRANSACTION_OPTIONS });
  return {
    prisma,
    kind: 'postgres',
    migrations,
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPgliteThread(options: OpenDatabaseOptions, template: Blob | undefined): Promise<PGlite | PgliteInWorker> {
  const thread = options.pgliteThread ?? (process.env.PGLITE_THREAD === 'main' ? 'main' : 'worker');
  if (thread === 'worker') {
    return openPgliteInWorker(template ? { loadDataDir: await template.arrayBuffer() } : { dataDir: options.dataDir });
  }
  const db = template ? new PGlite({ loadDataDir: template }) : new PGlite(options.dataDir);
  await db.waitReady;
  return db;
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // A throwaway in-memory database starts from a migrated template: PGlite's initdb costs 2-4 s
  // a time on these cores, loading the template about 0.5 s, and tests open one per file.
  const template = !options.dataDir && options.migrate !== false ? await migratedPgliteTemplate() : undefined;
  const db = await openPgliteThread(options, template);
  let migrations = NO_MIGRATIONS;
  try {
    if (options.migrate !== false) migrations = await applyMigrations(pgliteExecutor(db));
  } catch (error) {
    await db.close();
    throw error;
  }
  // The adapter calls query, exec and transaction only, which the worker's stand-in has.
  const prisma = new PrismaClient({ adapter: observed(new PrismaPGlite(db as PGlite), options), transactionOptions: TRANSACTION_OPTIONS });
  return {
    prisma,
    kind: 'pglite',
    migrations,
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      await prisma.$disconnect();
      if (!db.closed) await db.close();
    },
  };
}
