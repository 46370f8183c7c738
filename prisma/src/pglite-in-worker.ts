/**
 * PGlite in a worker thread, behind the part of PGlite's API that the Prisma adapter, the
 * migration runner and openDatabase use (query, exec, transaction, close).
 *
 * Why: PGlite is PostgreSQL compiled to WebAssembly, and in the API's thread every statement's
 * work ran on the event loop that also fans deltas out to the live sockets, so under commands a
 * delta waited for registrations' and check-ins' database work (issue 15: loaded fan-out p99
 * 271–1,353 ms on PGlite against 235 ms on PostgreSQL). Here the database's work runs on a thread
 * of its own; the API thread only posts each statement and receives its rows.
 *
 * Semantics are PGlite's own, since the worker runs PGlite itself: one session, statements in
 * arrival order, a transaction holding the database until it ends (other statements wait for it).
 * A database error comes back as PGlite's `messages.DatabaseError` with the same fields (code,
 * severity, detail, constraint, …), which is what the Prisma adapter maps to Prisma's errors.
 */
import { Worker } from 'node:worker_threads';
import { messages, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { COMMIT_BEHIND } from './lazy-begin.ts';

/** What the worker opens: a data directory on disk, or a dumped data directory loaded in memory. */
export interface ThreadStart {
  dataDir?: string;
  loadDataDir?: ArrayBuffer;
}

type RowMode = 'array' | 'object';
/**
 * One message each way per request, except `begin`, which is not answered (its transaction's id is
 * chosen here, and a failed BEGIN reaches the transaction's statements and its end), and a query with
 * `commitBehind`, whose answer comes once its transaction has committed too (COMMIT_BEHIND).
 */
export type ThreadRequest =
  | { id: number; kind: 'query'; sql: string; params: unknown[]; rowMode?: RowMode; textTypes?: number[]; tx?: number; commitBehind?: true }
  | { id: number; kind: 'exec'; sql: string; tx?: number }
  | { id: number; kind: 'begin'; tx: number }
  | { id: number; kind: 'end'; tx: number; action: 'commit' | 'rollback' }
  | { id: number; kind: 'close' };

/** An error as it crosses: `database` when it was PGlite's DatabaseError; its own fields as they were. */
export interface WireError {
  message: string;
  name: string;
  database: boolean;
  fields: Record<string, unknown>;
  stack?: string;
}
export type ThreadOutcome = { ok: true; value: unknown } | { ok: false; error: WireError };
/** Id 0 is the worker's "ready" (or its failure to open the database). */
export type ThreadReply = ThreadOutcome & { id: number };

/** The statements of one session: the database's, or an open transaction's. */
export interface PgliteSession {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Array<Results>>;
}

/** A module file run in a worker thread under tsx (its loader hooks do not reach workers by themselves). */
const THREAD = new URL('./pglite-thread.ts', import.meta.url);
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(THREAD.href)}); })`;

/**
 * Opens PGlite in a worker thread; resolves once the database is ready.
 *
 * @example
 * const db = await openPgliteInWorker({ dataDir: '.data/pglite' });
 * const { rows } = await db.query('SELECT 1 AS one');
 * await db.close();
 */
export async function openPgliteInWorker(start: ThreadStart): Promise<PgliteInWorker> {
  const db = new PgliteInWorker(start);
  await db.ready;
  return db;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class PgliteInWorker implements PgliteSession {
  readonly ready: Promise<void>;
  #worker: Worker;
  #waiting = new Map<number, Waiter>();
  #nextId = 1;
  #nextTransaction = 1;
  #closed = false;
  #ended: Error | null = null;
  #messages = { sent: 0, received: 0 };

  constructor(start: ThreadStart) {
    const transfer = start.loadDataDir ? [start.loadDataDir] : [];
    this.#worker = new Worker(BOOTSTRAP, { eval: true, workerData: start, transferList: transfer });
    this.ready = new Promise<void>((resolve, reject) => this.#waiting.set(0, { resolve: () => resolve(), reject }));
    this.#worker.on('message', (reply: ThreadReply) => {
      this.#messages.received++;
      this.#settle(reply);
    });
    this.#worker.on('error', (error) => this.#end(error));
    this.#worker.on('exit', (code) => this.#end(new Error(`PGlite's worker thread exited (code ${code})`)));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Messages posted to the worker and received from it so far: each one is a structured clone and a wake-up of a thread. */
  get messages(): Readonly<{ sent: number; received: number }> {
    return { ...this.#messages };
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options);
  }

  async exec(sql: string, options?: QueryOptions): Promise<Array<Results>> {
    supported(options);
    return (await this.#request({ kind: 'exec', sql })) as Array<Results>;
  }

  /**
   * PGlite's `transaction`: BEGIN, the callback's statements, COMMIT (ROLLBACK when it throws or
   * calls `tx.rollback()`); other statements wait until it ends, as they do in PGlite.
   *
   * BEGIN is posted and not waited for: the callback's first statement follows it at once and waits
   * in the worker until the transaction holds the database. Waiting for BEGIN's answer cost a
   * round trip, and under load the database sat held and idle for a turn of this thread's busy loop
   * between BEGIN and the first statement (issue 15). A statement opening with COMMIT_BEHIND is
   * answered once its transaction has committed too, so its COMMIT needs no message of its own.
   * One timing moves with BEGIN: a wait for the database (another transaction holding it) is now
   * spent in the first statement, under Prisma's transaction `timeout`, not its `maxWait`.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    // Refused before its callback runs, as when BEGIN was answered: the Prisma adapter learns it at
    // the start, and a callback begun on a closed database leaves its end's rejection unobserved.
    if (this.#ended) throw this.#ended;
    if (this.#closed) throw new Error('PGlite is closed');
    const id = this.#nextTransaction++;
    this.#post({ kind: 'begin', tx: id });
    let ending: Promise<unknown> | null = null;
    /** Its COMMIT_BEHIND statement succeeded: the transaction is over, committed. */
    let committed = false;
    const end = (action: 'commit' | 'rollback') => (ending ??= committed ? Promise.resolve() : this.#request({ kind: 'end', tx: id, action }));
    const open = () => {
      if (ending || committed) throw new Error('Transaction is closed');
    };
    const query = async <R>(sql: string, params: unknown[], options: QueryOptions | undefined) => {
      const result = await this.#query<R>(sql, params, options, id);
      if (sql.startsWith(COMMIT_BEHIND)) committed = true;
      return result;
    };
    const tx = {
      query: async <R>(sql: string, params: unknown[] = [], options?: QueryOptions) => (open(), query<R>(sql, params, options)),
      exec: async (sql: string, options?: QueryOptions) => (open(), supported(options), (await this.#request({ kind: 'exec', sql, tx: id })) as Array<Results>),
      rollback: async () => (open(), void (await end('rollback'))),
      sql: () => Promise.reject(new Error('tx.sql is not available on PGlite in a worker thread')),
      listen: () => Promise.reject(new Error('tx.listen is not available on PGlite in a worker thread')),
      get closed() {
        return ending !== null;
      },
    } as unknown as Transaction;
    // The callback runs after this call has returned its promise, as in PGlite (the Prisma adapter's callback reads it).
    await Promise.resolve();
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      await end('rollback').catch(() => undefined);
      throw error;
    }
    await end('commit');
    return result;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#ended) await this.#request({ kind: 'close' }, true);
    await this.#worker.terminate();
  }

  async #query<T>(sql: string, params: unknown[], options: QueryOptions | undefined, tx?: number): Promise<Results<T>> {
    supported(options);
    const parsers = options?.parsers;
    // Parsers are functions and cannot cross: their columns come back as text and are parsed here.
    const textTypes = parsers ? Object.keys(parsers).map(Number) : undefined;
    const commitBehind = tx !== undefined && sql.startsWith(COMMIT_BEHIND) ? true : undefined;
    const result = (await this.#request({ kind: 'query', sql, params, rowMode: options?.rowMode, textTypes, tx, commitBehind })) as Results<T>;
    if (parsers) parseColumns(result, parsers, options?.rowMode === 'array');
    return result;
  }

  #request(request: DistributiveOmit<ThreadRequest, 'id'>, closing = false): Promise<unknown> {
    if (this.#ended) return Promise.reject(this.#ended);
    if (this.#closed && !closing) return Promise.reject(new Error('PGlite is closed'));
    const id = this.#nextId++;
    // A waiting statement keeps the process alive, an idle database does not (as in-thread PGlite).
    if (this.#waiting.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#messages.sent++;
      this.#worker.postMessage({ ...request, id });
    });
  }

  /** A request that is not answered (begin); nothing to send once the worker has ended. */
  #post(request: DistributiveOmit<ThreadRequest, 'id'>) {
    if (this.#ended || this.#closed) return;
    this.#messages.sent++;
    this.#worker.postMessage({ ...request, id: this.#nextId++ });
  }

  #settle(reply: ThreadReply) {
    const waiter = this.#waiting.get(reply.id);
    if (!waiter) return;
    this.#waiting.delete(reply.id);
    if (this.#waiting.size === 0) this.#worker.unref();
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(fromWire(reply.error));
  }

  #end(error: Error) {
    this.#ended ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(this.#ended);
    this.#waiting.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function supported(options: QueryOptions | undefined) {
  if (!options) return;
  for (const key of Object.keys(options)) {
    if (key !== 'rowMode' && key !== 'parsers') throw new Error(`PGlite in a worker thread does not take the query option "${key}"`);
  }
}

/** Applies the caller's parsers to the columns the worker left as text (nulls stay null, as in PGlite). */
function parseColumns(result: Results<unknown>, parsers: NonNullable<QueryOptions['parsers']>, arrayRows: boolean) {
  const columns = result.fields.map((field, index) => ({ index, name: field.name, type: field.dataTypeID, parse: parsers[field.dataTypeID] }));
  const parsed = columns.filter((column) => column.parse);
  if (!parsed.length) return;
  for (const row of result.rows as Array<Record<string | number, unknown>>) {
    for (const column of parsed) {
      const key = arrayRows ? column.index : column.name;
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = (column.parse as (value: string, type: number) => unknown)(value as string, column.type);
    }
  }
}

/** PGlite's DatabaseError again (the Prisma adapter checks `instanceof` and reads `code`). */
function fromWire(wire: WireError): Error {
  const length = typeof wire.fields.length === 'number' ? wire.fields.length : 0;
  const DatabaseError = messages.DatabaseError as unknown as new (message: string, length: number, name: string) => Error;
  const error = wire.database ? new DatabaseError(wire.message, length, 'error') : new Error(wire.message);
  Object.assign(error, wire.fields, { name: wire.name });
  // Where it was thrown (this side's stack would only show the message handler).
  if (wire.stack) error.stack = wire.stack;
  return error;
}
