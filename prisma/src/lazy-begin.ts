/**
 * A transaction's BEGIN travels with its first statement: one socket write and one round trip
 * instead of two. Prisma's pg adapter sends BEGIN as a statement of its own and waits for the
 * answer before the transaction's first statement; each round trip to PostgreSQL costs a write
 * system call (~200 µs of the API's CPU on these machines: benchmarks/RESULTS.md, regs6), and a
 * registration's transaction had two of its five there.
 *
 * How: the pool's clients answer a bare `BEGIN` at once and remember it; the next statement goes
 * out as BEGIN's Parse/Bind/Execute followed by its own messages and one Sync (the extended
 * protocol's pipelining, a single write). PostgreSQL runs them in order, so the statement runs inside
 * the transaction exactly as before, and an error in either ends that round trip as it would have
 * ended its own. A transaction that ends before any statement (COMMIT or ROLLBACK while BEGIN is
 * still held back) never opened one on the server, so there is nothing to send. A first statement
 * without parameters may hold several commands (the simple protocol), which the extended protocol
 * refuses: BEGIN is then sent on its own first, as before.
 */
import pg from 'pg';

/** What a pg client's Connection offers the query classes (not in @types/pg). */
interface WireConnection {
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[]; binary: boolean }): void;
  execute(config: { portal: string; rows: number }): void;
}

type QueryConfig = { text?: string; name?: string; values?: unknown[] } & Record<string, unknown>;
type Callback = (err: Error | null, result?: pg.QueryResult | pg.QueryResult[]) => void;

const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;

/** The answer to a BEGIN held back, as pg gives BEGIN's own (the adapter reads rowCount). */
const BEGUN = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] } as unknown as pg.QueryResult;

/** The query with BEGIN written in front of it, its results [BEGIN's, its own]. */
class BeginThen extends (pg.Query as unknown as new (config: QueryConfig) => {
  name?: string;
  text?: string;
  prepare(connection: WireConnection): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
  handleError(err: Error, connection: WireConnection): void;
}) {
  /** The statement's name, hidden while BEGIN's messages are answered. */
  private held: string | undefined;

  override prepare(connection: WireConnection): void {
    connection.parse({ text: 'BEGIN', types: [] });
    connection.bind({ portal: '', statement: '', values: [], binary: false });
    connection.execute({ portal: '', rows: 0 });
    super.prepare(connection);
    // pg files a ParseComplete under the running query's name: BEGIN's must not mark the statement
    // as prepared on this connection before its own Parse is answered (a failed Parse would then
    // never be sent again).
    this.held = this.name;
    this.name = undefined;
  }

  override handleCommandComplete(msg: unknown, connection: WireConnection): void {
    super.handleCommandComplete(msg, connection);
    this.reveal();
  }

  override handleError(err: Error, connection: WireConnection): void {
    this.reveal();
    super.handleError(err, connection);
  }

  private reveal(): void {
    if (this.held !== undefined) {
      this.name = this.held;
      this.held = undefined;
    }
  }
}

/**
 * Opens a statement's text that ends its transaction: COMMIT is written behind it (its Parse/Bind/Execute before the
 * one Sync), and the transaction's COMMIT that follows is answered at once. For the last statement of a transaction
 * after which nothing can fail or refuse (register-trip.ts): a round trip fewer. If the statement fails, PostgreSQL
 * skips the COMMIT (an error discards the messages up to the Sync) and the transaction rolls back as before.
 * A comment, so PGlite and plain pg run the same text (with its own COMMIT).
 */
export const COMMIT_BEHIND = '/* bf:commit-behind */';

/** The statement with COMMIT written behind it; its result is the statement's (COMMIT's is the second). */
class ThenCommit extends (pg.Query as unknown as new (config: QueryConfig) => {
  _getRows(connection: WireConnection & { sync(): void }, rows: number | undefined): void;
}) {
  override _getRows(connection: WireConnection & { sync(): void }, rows: number | undefined): void {
    if (rows) {
      super._getRows(connection, rows);
      return;
    }
    connection.execute({ portal: '', rows: 0 });
    connection.parse({ text: 'COMMIT', types: [] });
    connection.bind({ portal: '', statement: '', values: [], binary: false });
    connection.execute({ portal: '', rows: 0 });
    connection.sync();
  }
}

const LAZY = Symbol('lazy-begin');

/** Teaches one pooled client to hold BEGIN back (once per client; its state resets on release). */
function holdBeginOn(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [LAZY]?: true };
  if (marked[LAZY]) return client;
  marked[LAZY] = true;
  const query = client.query.bind(client) as (config: unknown, values?: unknown, cb?: unknown) => Promise<unknown>;
  const release = client.release.bind(client);
  let held = false;
  /** COMMIT went out behind a statement that succeeded: the transaction is over on the server. */
  let committed = false;
  client.release = (err?: Error | boolean) => {
    held = false;
    committed = false;
    return release(err);
  };
  (client as { query: unknown }).query = (config: unknown, values?: unknown, cb?: unknown) => {
    const plain = typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit !== 'function';
    const text = plain ? (config as QueryConfig).text : typeof config === 'string' ? config : undefined;
    const promised = values === undefined && cb === undefined;
    if (committed && promised && text !== undefined && TRANSACTION_END.test(text)) {
      committed = false;
      // Only the transaction's own COMMIT follows such a statement (see COMMIT_BEHIND); a ROLLBACK here would come too late.
      return Promise.resolve({ ...BEGUN, command: text.trim().replace(/;$/, '').toUpperCase() });
    }
    if (!held && plain && promised && text?.startsWith(COMMIT_BEHIND) && (config as QueryConfig).values?.length) {
      return new Promise((resolve, reject) => {
        const callback: Callback = (err, result) => {
          if (err) {
            reject(err);
            return;
          }
          committed = true;
          resolve(Array.isArray(result) ? result[0]! : result);
        };
        void query(new ThenCommit({ ...(config as QueryConfig), callback }));
      });
    }
    if (!held) {
      if (promised && text !== undefined && /^\s*BEGIN\s*;?\s*$/i.test(text) && !(plain && (config as QueryConfig).values?.length)) {
        held = true;
        return Promise.resolve(BEGUN);
      }
      return query(config, values, cb);
    }
    held = false;
    if (!plain || !promised) return query('BEGIN').then(() => query(config, values, cb));
    const c = config as QueryConfig;
    if (c.text !== undefined && TRANSACTION_END.test(c.text)) return Promise.resolve({ ...BEGUN, command: c.text.trim().toUpperCase() });
    if (!c.name && !(c.values && c.values.length > 0)) return query('BEGIN').then(() => query(config));
    return new Promise((resolve, reject) => {
      const callback: Callback = (err, result) => {
        if (err) reject(err);
        else resolve(Array.isArray(result) ? result[result.length - 1] : result);
      };
      // A submittable query: pg answers through its callback (the call returns the query itself).
      void query(new BeginThen({ ...c, callback }));
    });
  };
  return client;
}

/**
 * A pg pool whose clients send a transaction's BEGIN with its first statement.
 *
 * @example
 * const pool = new HeldBeginPool({ connectionString: url });
 * new PrismaClient({ adapter: new PrismaPg(pool) });
 */
export class HeldBeginPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    // The callback form is the pool's own query(), one statement with no transaction: left as it is.
    if (callback) return super.connect(callback);
    return super.connect().then(holdBeginOn);
  }
}
