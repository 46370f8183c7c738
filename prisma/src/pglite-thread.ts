/**
 * The worker thread's side of pglite-in-worker.ts: it owns the PGlite database and answers the
 * API thread's requests one message each (a transaction's BEGIN is not answered: its statements wait
 * here until it holds the database, so none waits for a turn of the API's loop meanwhile). PGlite's WebAssembly PostgreSQL runs here, so its work
 * no longer holds up the API's event loop (the live fan-out's deltas waited behind it, issue 15).
 *
 * Only data crosses: rows, fields, a database error's fields. The result parsers the caller asked
 * for are functions, which cannot cross, so their columns come back as PostgreSQL's text and the
 * caller's side parses them (pglite-in-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { messages, PGlite, type Transaction } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest, ThreadStart, WireError } from './pglite-in-worker.ts';

const port = parentPort;
if (!port) throw new Error('pglite-thread.ts runs in a worker thread (see pglite-in-worker.ts)');

const start = workerData as ThreadStart;
const db = start.loadDataDir ? new PGlite({ loadDataDir: new Blob([start.loadDataDir]) }) : new PGlite(start.dataDir);

/** A transaction the API thread has begun, by the id it chose. */
interface OpenTransaction {
  /** PGlite's transaction once it holds the database; rejects when BEGIN failed. */
  opened: Promise<Transaction>;
  /** Asks for its end (PGlite commits when the callback returns; a rollback is asked for by name). */
  end(action: 'commit' | 'rollback'): void;
  /** Settles when PGlite has committed or rolled back (rejects with a failed BEGIN or COMMIT). */
  finished: Promise<void>;
  /** Its 'end' request arrived (any later statement finds it closed). */
  ending: boolean;
  /**
   * It ended before its end was asked for, with nothing to roll back: its BEGIN failed, or the COMMIT behind a
   * statement did (COMMIT_BEHIND). Its ROLLBACK is then answered as done; its COMMIT gets the error.
   */
  over: boolean;
}
const transactions = new Map<number, OpenTransaction>();

const reply = (message: ThreadReply) => {
  try {
    port.postMessage(message);
  } catch (error) {
    // A value that cannot be cloned must not leave the caller waiting forever: it gets the error instead.
    const { message: text } = error as Error;
    port.postMessage({ id: message.id, ok: false, error: { message: text, name: 'DataCloneError', database: false, fields: {} } });
  }
};

/** Column types the caller parses itself: left as PostgreSQL's text here. */
function textParsers(types: number[] | undefined) {
  if (!types) return undefined;
  const parsers: Record<number, (value: string) => string> = {};
  for (const type of types) parsers[type] = (value) => value;
  return parsers;
}

/** A database error keeps its SQLSTATE and fields (the Prisma adapter maps them to P2002 etc.). */
function wireError(error: unknown): WireError {
  if (error instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) {
      // queryOptions holds the caller's parsers (functions): not data, and the caller has them.
      if (key !== 'queryOptions' && (value === undefined || typeof value !== 'function')) fields[key] = value;
    }
    return { message: error.message, name: error.name, database: error instanceof messages.DatabaseError, fields, stack: error.stack };
  }
  return { message: String(error), name: 'Error', database: false, fields: {} };
}

/** The database, or the transaction `id` once it holds the database (its statements wait for BEGIN here). */
async function session(id: number | undefined) {
  if (id === undefined) return db;
  const open = transactions.get(id);
  if (!open || open.ending) throw new Error('Transaction is closed');
  return open.opened;
}

/** Opens a transaction in PGlite (BEGIN waits for any other to end) and keeps it until its end is asked for. */
function begin(id: number) {
  let ask!: (action: 'commit' | 'rollback') => void;
  const asked = new Promise<'commit' | 'rollback'>((resolve) => (ask = resolve));
  let hold!: (tx: Transaction) => void;
  const held = new Promise<Transaction>((resolve) => (hold = resolve));
  let begun = false;
  const finished = db.transaction(async (tx) => {
    begun = true;
    hold(tx);
    if ((await asked) === 'rollback' && !tx.closed) await tx.rollback();
  });
  // BEGIN failed: the transaction's statements get its error, and so does its COMMIT.
  const opened = Promise.race([held, finished.then(() => held)]);
  const open: OpenTransaction = { opened, end: ask, finished, ending: false, over: false };
  finished.catch(() => {
    if (!begun) open.over = true;
  });
  opened.catch(() => undefined);
  transactions.set(id, open);
}

/** Ends the transaction as asked and answers once PGlite has committed or rolled back. */
async function end(request: Extract<ThreadRequest, { kind: 'end' }>) {
  const open = transactions.get(request.tx);
  if (!open || open.ending) throw new Error('Transaction is closed');
  open.ending = true;
  open.end(request.action);
  try {
    await open.finished;
  } catch (error) {
    if (!(request.action === 'rollback' && open.over)) throw error;
  } finally {
    transactions.delete(request.tx);
  }
  reply({ id: request.id, ok: true, value: undefined });
}

/** A COMMIT_BEHIND statement succeeded: its transaction commits before the answer goes back. */
async function commitBehind(id: number) {
  const open = transactions.get(id)!;
  open.end('commit');
  try {
    await open.finished;
    transactions.delete(id);
  } catch (error) {
    // The API thread rolls back next (its statement failed); the transaction is already over.
    open.over = true;
    throw error;
  }
}

async function handle(request: ThreadRequest): Promise<void> {
  switch (request.kind) {
    case 'query': {
      const options = request.rowMode || request.textTypes ? { rowMode: request.rowMode, parsers: textParsers(request.textTypes) } : undefined;
      const result = await (await session(request.tx)).query(request.sql, request.params, options);
      if (request.commitBehind && request.tx !== undefined) await commitBehind(request.tx);
      reply({ id: request.id, ok: true, value: result });
      return;
    }
    case 'exec': {
      reply({ id: request.id, ok: true, value: await (await session(request.tx)).exec(request.sql) });
      return;
    }
    case 'begin': {
      begin(request.tx);
      return;
    }
    case 'end': {
      await end(request);
      return;
    }
    case 'close': {
      if (!db.closed) await db.close();
      reply({ id: request.id, ok: true, value: undefined });
      return;
    }
  }
}

port.on('message', (request: ThreadRequest) => {
  handle(request).catch((error: unknown) => reply({ id: request.id, ok: false, error: wireError(error) }));
});

db.waitReady.then(
  () => reply({ id: 0, ok: true, value: undefined }),
  (error: unknown) => reply({ id: 0, ok: false, error: wireError(error) }),
);
