/**
 * Reads by key that arrive together go to the database as one statement. Why: under a storm of
 * requests (drivers polling their trips, a slot release's bookings) each read's statement costs
 * the ORM and the driver mostly a fixed price, whatever the number of rows (issue 15, issue 12).
 *
 * Why it is never staler than a statement of its own: a read joins only a batch not yet sent, so its
 * statement starts after the read began and sees every write committed before it. One statement runs
 * at a time; the reads that arrive meanwhile gather into the next one. A shared statement that fails
 * is retried alone for each read, so one read's fault is never another's.
 */

/** Most keys one statement asks for (one bind parameter each). */
export const BATCH_MAX = 500;

interface Batch<V> {
  keys: Set<string>;
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
  const readers = new WeakMap<O, (key: string) => Promise<V | undefined>>();
  return (owner, key) => {
    let read = readers.get(owner);
    if (!read) {
      read = readerOf((keys) => load(owner, keys));
      readers.set(owner, read);
    }
    return read(key);
  };
}

function readerOf<V>(load: (keys: string[]) => Promise<Map<string, V>>): (key: string) => Promise<V | undefined> {
  const unsent: Array<Batch<V>> = [];
  let running = false;

  const sendNext = (): void => {
    if (running) return;
    const batch = unsent.shift();
    if (!batch) return;
    running = true;
    batch.send();
    void batch.done.catch(() => undefined).finally(() => {
      running = false;
      // Let the requests that arrived meanwhile be read first: they join the next statement.
      setImmediate(sendNext);
    });
  };

  const read = async (key: string): Promise<V | undefined> => {
    let batch = unsent[unsent.length - 1];
    if (!batch || batch.keys.size >= BATCH_MAX) {
      const keys = new Set<string>();
      let send!: () => void;
      const sent = new Promise<void>((resolve) => { send = resolve; });
      batch = { keys, send, done: sent.then(() => load([...keys])) };
      unsent.push(batch);
      // The reads parsed in this turn of the event loop join it; behind a running statement it waits for that one.
      if (unsent.length === 1 && !running) setImmediate(sendNext);
    }
    batch.keys.add(key);
    try {
      return (await batch.done).get(key);
    } catch (err) {
      if (batch.keys.size === 1) throw err;
      return (await load([key])).get(key);
    }
  };

  return read;
}
