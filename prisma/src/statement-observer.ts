/**
 * Sees every SQL statement Prisma sends through a driver adapter, for tests that pin how
 * many statements an operation costs (a regression then fails a test, not a benchmark).
 * Prisma's per-statement CPU dominates a registration here, so the count is the cost.
 *
 * Transactions show as `BEGIN` and `COMMIT`/`ROLLBACK` once each, whichever adapter runs
 * them (pg sends them as statements, PGlite runs them itself).
 */
export type StatementObserver = (sql: string, path?: StatementPath) => void;

/** `direct`: sent on the pool by a direct transaction (direct-transaction.ts), not through Prisma's client. */
export type StatementPath = 'direct';

const TRANSACTION_SQL = /^\s*(BEGIN|COMMIT|ROLLBACK)\s*;?\s*$/i;

function wrapQueryable<T extends object>(target: T, observe: StatementObserver): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (query: { sql: string }, ...rest: unknown[]) => {
          if (!TRANSACTION_SQL.test(query.sql)) observe(query.sql);
          return fn.call(obj, query, ...rest);
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => {
          observe('BEGIN');
          return wrapQueryable((await fn.apply(obj, args)) as object, observe);
        };
      }
      if (prop === 'commit' || prop === 'rollback') {
        return (...args: unknown[]) => {
          observe(prop === 'commit' ? 'COMMIT' : 'ROLLBACK');
          return fn.apply(obj, args);
        };
      }
      return fn.bind(obj);
    },
  });
}

/**
 * @example
 * const seen: string[] = [];
 * const prisma = new PrismaClient({ adapter: observeStatements(new PrismaPGlite(db), (sql) => seen.push(sql)) });
 */
export function observeStatements<F extends object>(factory: F, observe: StatementObserver): F {
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (prop !== 'connect' || typeof value !== 'function') return value;
      return async () => wrapQueryable(await (value as () => Promise<object>).call(obj), observe);
    },
  });
}
