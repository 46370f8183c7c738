/**
 * A transaction of raw statements run on the pg pool itself, not through Prisma's client. Prisma's
 * interactive transaction and its raw-query pipeline (request, query interpreter, adapter, result
 * mapping) were ~30 % of the API process' main thread during the registrations benchmark
 * (benchmarks/RESULTS.md, regs8): more than pg, the socket writes or the HTTP stack. A registration's
 * transaction is raw statements only, so on PostgreSQL it needs none of that.
 *
 * The callback gets a `Prisma.TransactionClient` whose `$queryRaw` and `$executeRaw` go straight to the
 * pooled connection (same statement names as the adapter's, same BEGIN/COMMIT handling of lazy-begin.ts,
 * same observer for the tests that count statements) and return what Prisma's would: int8 as BigInt,
 * numeric as Decimal, timestamps as Dates. Anything else on it (a model's delegate: `tx.vehicle.…`)
 * is not served here: the transaction is rolled back and the whole callback runs again in Prisma's
 * `$transaction`, as a retried transaction would. Callers keep their callbacks safe to run twice.
 * On PGlite (one connection inside Prisma's adapter) every call is Prisma's `$transaction`.
 */
import pg from 'pg';
import { Prisma } from '../generated/client.ts';
import type { StatementObserver } from './statement-observer.ts';

/** What the pool of a PostgreSQL database lends this module (registered by openDatabase). */
export interface DirectPool {
  pool: pg.Pool;
  /** The adapter's statement names (statement-names.ts): one text, one name on every connection. */
  names: (query: { sql: string; args: unknown[] }) => string | undefined;
  observe?: StatementObserver;
  /** Prisma's transaction options (client.ts): how long to wait for a connection, how long a transaction may last. */
  maxWait: number;
  timeout: number;
}

type TransactionHost = { $transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> };

const pools = new WeakMap<object, DirectPool>();

/** Lets `directTransaction` run the transactions of `prisma` on `direct.pool` (openDatabase, PostgreSQL only). */
export function allowDirectTransactions(prisma: object, direct: DirectPool): void {
  pools.set(prisma, direct);
}

/** The callback used something a direct transaction does not serve: run it in Prisma's. */
class PrismaNeeded extends Error {}

/**
 * @example
 * const row = await directTransaction(db, async (tx) => {
 *   const [r] = await tx.$queryRaw<Array<{ id: string }>>`INSERT INTO … RETURNING "id"`;
 *   return r;
 * });
 */
export async function directTransaction<T>(prisma: TransactionHost, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const direct = pools.get(prisma);
  if (!direct) return prisma.$transaction(fn);
  const outcome = await runDirect(direct, fn);
  if (outcome.needsPrisma) return prisma.$transaction(fn);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/**
 * One raw statement on the pool, outside any transaction, as `prisma.$queryRaw` would answer it (same
 * statement names, observer and row types), without Prisma's client. For a read on every request of a
 * storm (a booking's trip: issue 12), where Prisma's raw-query pipeline costs more CPU than pg itself.
 * Null where there is no pool of our own (PGlite): the caller reads through Prisma there.
 *
 * @example
 * const rows = directQuery<{ id: string }>(db, Prisma.sql`SELECT "id" FROM "trips" WHERE "id" = ANY(${ids})`) ?? await viaPrisma();
 */
export function directQuery<R>(prisma: object, query: Prisma.Sql): Promise<R[]> | null {
  const direct = pools.get(prisma);
  if (!direct) return null;
  const values = query.values.map(toParameter);
  direct.observe?.(query.text, 'direct');
  return direct.pool.query({ text: query.text, values, name: direct.names({ sql: query.text, args: values }), types: PRISMA_TYPES })
    .then((result) => result.rows as R[]);
}

type Outcome<T> = { needsPrisma: boolean } & ({ value: T } | { error: unknown });

async function runDirect<T>(direct: DirectPool, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<Outcome<T>> {
  const client = await connectWithin(direct.pool, direct.maxWait);
  let needsPrisma = false;
  let expired = false;
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  // As Prisma's timeout: a transaction still open after it is ended (the connection closed, so the
  // server rolls it back) and its later statements fail; a registration's place in Redis outlives it.
  const timer = setTimeout(() => {
    expired = true;
    release(new Error(`Transaction closed: it ran longer than ${direct.timeout} ms`));
  }, direct.timeout);
  const run = async (query: Prisma.Sql): Promise<pg.QueryResult> => {
    if (expired) throw new Error(`Transaction closed: it ran longer than ${direct.timeout} ms`);
    const values = query.values.map(toParameter);
    direct.observe?.(query.text, 'direct');
    return client.query({ text: query.text, values, name: direct.names({ sql: query.text, args: values }), types: PRISMA_TYPES });
  };
  const tx = new Proxy({} as Prisma.TransactionClient, {
    get(_target, prop) {
      if (prop === '$queryRaw') return async (q: TemplateStringsArray | Prisma.Sql, ...v: unknown[]) => (await run(sqlOf(q, v))).rows;
      if (prop === '$executeRaw') return async (q: TemplateStringsArray | Prisma.Sql, ...v: unknown[]) => (await run(sqlOf(q, v))).rowCount ?? 0;
      // Not a promise (an awaited tx must not look like one).
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      needsPrisma = true;
      throw new PrismaNeeded(`tx.${prop} is run in Prisma's transaction`);
    },
  });
  try {
    direct.observe?.('BEGIN', 'direct');
    await client.query('BEGIN');
    let outcome: Outcome<T>;
    try {
      const value = await fn(tx);
      if (needsPrisma) throw new PrismaNeeded('rerun');
      direct.observe?.('COMMIT', 'direct');
      await client.query('COMMIT');
      outcome = { needsPrisma: false, value };
    } catch (error) {
      direct.observe?.('ROLLBACK', 'direct');
      if (!expired) await client.query('ROLLBACK').catch(() => undefined);
      outcome = { needsPrisma, error };
    }
    release();
    return outcome;
  } catch (error) {
    // BEGIN or the connection failed: the connection is not given back to the pool.
    release(error instanceof Error ? error : new Error(String(error)));
    return { needsPrisma: false, error };
  } finally {
    clearTimeout(timer);
  }
}

/** A pooled connection within `maxWait` ms (as Prisma's interactive transaction waits), else an error. */
async function connectWithin(pool: pg.Pool, maxWait: number): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const connecting = pool.connect();
  try {
    return await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          late = true;
          reject(new Error(`Transaction not started: no connection within ${maxWait} ms`));
        }, maxWait);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    // A connection that comes after the wait was given up goes straight back.
    if (late) void connecting.then((c) => c.release(), () => undefined);
  }
}

function sqlOf(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
}

/** A parameter as Prisma's pg adapter sends it (pg would write a Date in local time and a Decimal as JSON). */
function toParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Prisma.Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toParameter);
  return value;
}

const bigInt = (text: string) => BigInt(text);
const decimal = (text: string) => new Prisma.Decimal(text);
/** PostgreSQL writes timestamps without zone and dates in UTC here, as Prisma reads them. */
const utcTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const utcDate = (text: string) => new Date(`${text}T00:00:00Z`);
/** An array of them (pg-types' own array reader, each element through `each`). */
const arrayParser = (pg.types as unknown as { arrayParser: { create(text: string, each: (text: string) => unknown): { parse(): unknown } } }).arrayParser;
const elements = (each: (text: string) => unknown) => (text: string) => arrayParser.create(text, each).parse();
/** Prisma's $queryRaw types where pg's defaults differ (int8 as string, numeric as string, local timestamps). */
const PARSERS: Record<number, (text: string) => unknown> = {
  20: bigInt,
  1700: decimal,
  1114: utcTimestamp,
  1082: utcDate,
  1016: elements(bigInt),
  1231: elements(decimal),
  1115: elements(utcTimestamp),
  1182: elements(utcDate),
};
const PRISMA_TYPES = {
  getTypeParser: (oid: number, format?: string) =>
    (format !== 'binary' && PARSERS[oid]) || pg.types.getTypeParser(oid, format as 'text'),
} as pg.CustomTypesConfig;
