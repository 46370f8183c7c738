/**
 * The Redis streams adapter, with a room broadcast written to this process's own sockets in the
 * turn it is emitted.
 *
 * The stock cluster adapter writes to the local sockets only once Redis has answered the XADD
 * that carries the broadcast to the other processes: it appends the entry's id to each packet as
 * the connection-state-recovery offset. That answer is read a turn of the event loop later, and
 * under load a turn is the registrations' (RESULTS.md, fanout2 and fanout4): every delta waited
 * one more turn before its first byte left, even with a single process.
 *
 * Here the XADD goes out first (not awaited), and the local sockets get the packet at once with
 * the id of this process's previous broadcast as offset. A client that reconnects is replayed
 * from that entry: at most packets it already holds come again (clients drop seqs they hold),
 * never fewer than the stock adapter would replay. Broadcasts with acks, and `local` ones, are
 * left to the stock adapter.
 */
import type { Namespace } from 'socket.io';

type NamespaceAdapter = Namespace['adapter'];
type Broadcast = NamespaceAdapter['broadcast'];
type Packet = Parameters<Broadcast>[0];
type BroadcastOptions = Parameters<Broadcast>[1];

/** socket.io-adapter's cluster message type of a room broadcast. */
const CLUSTER_BROADCAST = 3;
/** socket.io-parser's packet type of an event. */
const EVENT_PACKET = 2;

interface ClusterInternals {
  publishAndReturnOffset(message: { type: number; data: unknown }): Promise<string>;
}

/** The in-memory adapter's broadcast (local sockets only), under the cluster adapter's. */
function localBroadcastOf(adapter: NamespaceAdapter): Broadcast {
  let proto: object | null = Object.getPrototypeOf(adapter) as object | null;
  while (proto && !Object.hasOwn(proto, 'publishAndReturnOffset')) proto = Object.getPrototypeOf(proto) as object | null;
  const below = proto && (Object.getPrototypeOf(proto) as { broadcast?: Broadcast } | null);
  if (!below?.broadcast || !Object.hasOwn(proto!, 'broadcast')) {
    throw new Error('local-first broadcast: the adapter is not a socket.io-adapter ClusterAdapter');
  }
  return below.broadcast;
}

/**
 * Whether a broadcast reaches any socket of this process: one in its rooms and in none of its
 * `except` rooms (`adapter.rooms` is this process's sockets only). The in-memory broadcast encodes the
 * packet and, with `except`, copies every sid of those rooms into a new Set before it looks at the
 * rooms: per event a trip-room delta `except` the gate room copied the 1,000 staff sockets' ids for a
 * room that usually has no socket here, and a burst's single `delta`s to the gate room `except` its
 * batch room did the same and then walked all 1,000 to skip them (RESULTS.md, fan10).
 */
function reachesLocalSocket(adapter: NamespaceAdapter, opts: BroadcastOptions): boolean {
  if (opts.rooms.size === 0) return true;
  const except: Array<Set<string>> = [];
  for (const room of opts.except ?? []) {
    const sids = adapter.rooms.get(room);
    if (sids?.size) except.push(sids);
  }
  for (const room of opts.rooms) {
    const sids = adapter.rooms.get(room);
    if (!sids?.size) continue;
    if (except.length === 0) return true;
    for (const sid of sids) if (!except.some((e) => e.has(sid))) return true;
  }
  return false;
}

/**
 * Wraps an adapter factory (`createAdapter(...)` of @socket.io/redis-streams-adapter).
 *
 * @example
 * new Server(httpServer, { adapter: localFirst(createAdapter(redis, options)), connectionStateRecovery: {} });
 */
export function localFirst<F extends (nsp: Namespace) => NamespaceAdapter>(create: F): F {
  // Socket.IO calls the factory with `new`: a function, not an arrow.
  return function localFirstAdapter(nsp: Namespace) {
    const adapter = create(nsp);
    const writeLocally = localBroadcastOf(adapter);
    const cluster = adapter as unknown as ClusterInternals;
    const stock = adapter.broadcast.bind(adapter);
    const recovers = Boolean(nsp.server._opts.connectionStateRecovery);
    /** The stream id of this process's newest broadcast Redis has answered: the offset local packets carry. */
    let previous: string | undefined;
    adapter.broadcast = (packet: Packet, opts: BroadcastOptions) => {
      if (opts.flags?.local || packet.id !== undefined) return stock(packet, opts);
      // Encoded for the stream now (before the offset is appended below); written to Redis in order.
      try {
        cluster
          .publishAndReturnOffset({
            type: CLUSTER_BROADCAST,
            data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
          })
          .then((id) => (previous = id), () => undefined);
      } catch {
        // A failed publish (here or in its promise) leaves the other processes without it, as the stock
        // adapter does: their clients see a seq gap and resync.
      }
      // Nobody here to write to: the stream above carries it to the other processes, as before.
      if (!reachesLocalSocket(adapter, opts)) return;
      const recoverable = recovers && packet.type === EVENT_PACKET && opts.flags?.volatile === undefined && previous !== undefined;
      const local = recoverable ? { ...packet, data: [...(packet.data as unknown[]), previous] } : packet;
      writeLocally.call(adapter, local, opts);
    };
    return adapter;
  } as F;
}
