/**
 * @borderflow/db — the system of record: Prisma client (generated into prisma/generated),
 * hand-written SQL migrations and their runner, test databases and the Kim Thành seed.
 */
export { openDatabase, type Database, type OpenDatabaseOptions } from './client.ts';
export { openTestDatabase, type TestDatabase } from './test-database.ts';
export {
  applyMigrations,
  readMigrations,
  migrationChecksum,
  DEFAULT_MIGRATIONS_DIR,
  type SqlExecutor,
  type MigrationFile,
  type MigrationReport,
} from './migrate.ts';
export { pgExecutor, pgliteExecutor } from './executors.ts';
export { seedKimThanh, demoPasswordFor, type SeedOptions, type SeedResult } from './seed.ts';
export { KIM_THANH_GATE_SEED, KIM_THANH_LANE_SEED, KIM_THANH_YARD_SEED } from '@borderflow/contracts';
export { isUniqueViolation } from './errors.ts';
export { observeStatements, type StatementObserver, type StatementPath } from './statement-observer.ts';
export { COMMIT_BEHIND } from './lazy-begin.ts';
export { directQuery, directTransaction } from './direct-transaction.ts';
// The generated client: PrismaClient, the Prisma namespace, model types (Trip, Lane, …) and enums.
export * from '../generated/client.ts';
