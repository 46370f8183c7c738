/**
 * Reads by key that arrive together go to the database as one statement. Why: under a storm of
 * requests (drivers polling their trips, a slot release's bookings) each read's statement costs
 * the ORM and the driver mostly a fixed price, whatever the number of rows (issue 15, issue 12).
 *
 * Why it is never staler than a statement of its own: a read joins only a batch not yet sent, so its
 * statement starts after the read began and sees every write committed before it. At most IN_FLIGHT
 * statements of a kind run at a time; the reads that arrive meanwhile gather into the next one. A shared statement that fails
 * is retried alone for each read, so one read's fault is never another's.
 */

/** Most keys one statement asks for (one bind parameter each). */
export const BATCH_MAX = 500;

/**
 * Statements of one kind running at once. With one, a batch waited for the running statement and
 * then for its own, up to two statement times for each batched step of a request: in a booking
 * storm, where a statement took 8–19 ms on 2 busy cores, those waits made the p99 (RESULTS.md).
 */
export const IN_FLIGHT = 2;

interface Batch<I, V> {
  items: Map<string, I>;
  done: Promise<Map<string, V>>;
  send: () => void;
}

/**
 * A reader of `key`s of one owner (a database client: tests open several in one process), each
 * answered with its value, or undefined when the statement found none. `load` runs one statement.
 *
 * @example
 * const tripOf = batchedRead(async (db: PrismaClient, ids) => new Map((await db.trip.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, t])));
 * const trip = await tripOf(ctx.db, tripId);
 */
export function batchedRead<O extends object, V>(load: (owner: O, keys: string[]) => Promise<Map<string, V>>): (owner: O, key: string) => Promise<V | undefined> {
  const run = batchedStatement<O, string, V>((owner, items) => load(owner, [...items.keys()]));
  return (owner, key) => run(owner, key, key);
}

/**
 * The same for statements that carry something per key (a row to write, a read's own bounds): the
 * calls arriving together go as one statement, each answered by its key. A write's promise settles
 * once its statement ended, so a row is committed before its caller goes on; a failed shared
 * statement changed nothing (one statement), and each of its calls is sent again alone.
 *
 * @example
 * const insertRow = batchedStatement(async (db: PrismaClient, rows: Map<string, Row>) => { await insertAll(db, [...rows.values()]); return new Map([...rows.keys()].map((id) => [id, true])); });
 * await insertRow(ctx.db, row.id, row);
 */
export function batchedStatement<O extends object, I, V>(load: (owner: O, items: Map<string, I>) => Promise<Map<string, V>>): (owner: O, key: string, item: I) => Promise<V | undefined> {
  const callers = new WeakMap<O, (key: string, item: I) => Promise<V | undefined>>();
  return (owner, key, item) => {
    let call = callers.get(owner);
    if (!call) {
      call = callerOf((items) => load(owner, items));
      callers.set(owner, call);
    }
    return call(key, item);
  };
}

function callerOf<I, V>(load: (items: Map<string, I>) => Promise<Map<string, V>>): (key: string, item: I) => Promise<V | undefined> {
  const unsent: Array<Batch<I, V>> = [];
  let running = 0;

  const sendNext = (): void => {
    if (running >= IN_FLIGHT) return;
    const batch = unsent.shift();
    if (!batch) return;
    running++;
    batch.send();
    void batch.done.catch(() => undefined).finally(() => {
      running--;
      // Let the requests that arrived meanwhile be read first: they join the next statement.
      setImmediate(sendNext);
    });
  };

  return async (key: string, item: I): Promise<V | undefined> => {
    let batch = unsent[unsent.length - 1];
    if (!batch || batch.items.size >= BATCH_MAX) {
      const items = new Map<string, I>();
      let send!: () => void;
      const sent = new Promise<void>((resolve) => { send = resolve; });
      batch = { items, send, done: sent.then(() => load(items)) };
      unsent.push(batch);
      // The reads parsed in this turn of the event loop join it; behind a running statement it waits for that one.
      if (unsent.length === 1 && running < IN_FLIGHT) setImmediate(sendNext);
    }
    if (!batch.items.has(key)) batch.items.set(key, item);
    try {
      return (await batch.done).get(key);
    } catch (err) {
      if (batch.items.size === 1) throw err;
      return (await load(new Map([[key, item]]))).get(key);
    }
  };
}
