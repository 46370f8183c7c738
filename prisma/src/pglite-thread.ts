/**
 * The worker thread's side of pglite-in-worker.ts: it owns the PGlite database and answers the
 * API thread's requests one message each. PGlite's WebAssembly PostgreSQL runs here, so its work
 * no longer holds up the API's event loop (the live fan-out's deltas waited behind it, issue 15).
 *
 * Only data crosses: rows, fields, a database error's fields. The result parsers the caller asked
 * for are functions, which cannot cross, so their columns come back as PostgreSQL's text and the
 * caller's side parses them (pglite-in-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { messages, PGlite, type Transaction } from '@electric-sql/pglite';
import type { ThreadOutcome, ThreadReply, ThreadRequest, ThreadStart, WireError } from './pglite-in-worker.ts';

const port = parentPort;
if (!port) throw new Error('pglite-thread.ts runs in a worker thread (see pglite-in-worker.ts)');

const start = workerData as ThreadStart;
const db = start.loadDataDir ? new PGlite({ loadDataDir: new Blob([start.loadDataDir]) }) : new PGlite(start.dataDir);

/**
 * The transactions the API thread holds open, by id: each waits for its commit or rollback, and
 * `endId` is the 'end' request to answer once PGlite has committed or rolled back.
 */
const transactions = new Map<number, { tx: Transaction; end: (action: 'commit' | 'rollback') => void; endId?: number }>();
let nextTransaction = 1;

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

function session(id: number | undefined) {
  if (id === undefined) return db;
  const open = transactions.get(id);
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

async function handle(request: ThreadRequest): Promise<void> {
  switch (request.kind) {
    case 'query': {
      const options = request.rowMode || request.textTypes ? { rowMode: request.rowMode, parsers: textParsers(request.textTypes) } : undefined;
      const result = await session(request.tx).query(request.sql, request.params, options);
      reply({ id: request.id, ok: true, value: result });
      return;
    }
    case 'exec': {
      reply({ id: request.id, ok: true, value: await session(request.tx).exec(request.sql) });
      return;
    }
    case 'begin': {
      const txId = nextTransaction++;
      let begun = false;
      const finished = db.transaction(async (tx) => {
        const action = await new Promise<'commit' | 'rollback'>((end) => {
          transactions.set(txId, { tx, end });
          begun = true;
          reply({ id: request.id, ok: true, value: txId });
        });
        // PGlite commits when the callback returns; a rollback is asked for by name.
        if (action === 'rollback' && !tx.closed) await tx.rollback();
      });
      const answer = (outcome: ThreadOutcome) => {
        const endId = transactions.get(txId)?.endId;
        transactions.delete(txId);
        if (!begun) reply({ ...outcome, id: request.id });
        else if (endId !== undefined) reply({ ...outcome, id: endId });
      };
      finished.then(
        () => answer({ ok: true, value: undefined }),
        (error: unknown) => answer({ ok: false, error: wireError(error) }),
      );
      return;
    }
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open || open.endId !== undefined) throw new Error('Transaction is closed');
      open.endId = request.id;
      open.end(request.action);
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
