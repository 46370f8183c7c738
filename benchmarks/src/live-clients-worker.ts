/**
 * A worker thread of live-clients.ts: holds its share of the `/live`
 * clients and answers the main thread's requests (connect, arm, collect,
 * close). The delta handler is kept minimal: it runs once per client per delta.
 * Clients are `lean` (live-clients-lean.ts: raw WebSocket frames, a byte search for the watched
 * commandId) or `socket.io` (socket.io-client, every delta decoded, as a console does).
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { LIVE_EVENTS, LIVE_NAMESPACE, type LiveDelta } from '@borderflow/contracts';
import { connectLeanLiveClient, deltasIn, frameHas, type LeanLiveClient } from './live-clients-lean.ts';

/** How the clients receive: see live-clients.ts `LiveClientKind`. */
export type LiveClientKind = 'lean' | 'socket.io';

export type LiveClientsRequest =
  /** Client i of this thread connects to `urls[(first + i) % urls.length]` (one API process each, round-robin). */
  | { kind: 'connect'; id: number; urls: string[]; first: number; token: string; gate: string; count: number; clientKind: LiveClientKind }
  | { kind: 'arm'; id: number; type: string; commandId: string }
  | { kind: 'collect'; id: number; timeoutMs: number }
  | { kind: 'close'; id: number };

export type LiveClientsReply =
  | { kind: 'ok'; id: number }
  | { kind: 'arrivals'; id: number; times: Array<number | null>; busyMs: number; deltas: number; messages: number; deltaBytes: number }
  | { kind: 'error'; id: number; message: string };

const port = parentPort!;
const sockets: Array<Socket | LeanLiveClient> = [];
const now = () => performance.timeOrigin + performance.now();

interface Watch {
  type: string;
  commandId: string;
  /** The commandId as bytes, for the lean clients' search. */
  commandIdBytes: Buffer;
  times: Array<number | null>;
  missing: number;
  /** Deltas of any kind the clients received while armed. */
  deltas: number;
  /** Messages (`delta` or `deltas`) the clients received while armed. */
  messages: number;
  /** Socket.IO packet text (characters) of the deltas the thread's first client received while armed: what each client parses. */
  deltaBytes: number;
  elu: ReturnType<typeof performance.eventLoopUtilization>;
  done?: () => void;
}
let watch: Watch | null = null;

function onDelta(client: number, delta: LiveDelta) {
  const w = watch;
  if (!w) return;
  w.deltas++;
  if (w.times[client] !== null || delta.event.type !== w.type || delta.event.commandId !== w.commandId) return;
  arrived(client);
}

function arrived(client: number) {
  const w = watch!;
  if (w.times[client] !== null) return;
  w.times[client] = now();
  if (--w.missing === 0) w.done?.();
}

function connectLean(index: number, url: string, token: string, gate: string): Promise<void> {
  return connectLeanLiveClient(url, token, gate, (frame, kind) => {
    const w = watch;
    if (!w) return;
    w.messages++;
    w.deltas += deltasIn(frame, kind);
    // Characters, as socket.io-client's count (a plate's 云 is 3 bytes, 1 character): one decode per thread and message.
    if (index === 0) w.deltaBytes += frame.toString('utf8').length - 1; // the Socket.IO packet: the frame less its Engine.IO type
    if (w.times[index] === null && frameHas(frame, kind, w.type, w.commandIdBytes)) arrived(index);
  }).then((client) => {
    sockets.push(client);
  });
}

function connectOne(index: number, url: string, token: string, gate: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // forceNew: one connection per client, not one multiplexed connection for all.
    const socket = io(`${url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on(LIVE_EVENTS.delta, (delta: LiveDelta) => {
      if (watch) watch.messages++;
      onDelta(index, delta);
    });
    // As the console subscribes: a burst of events comes as one `deltas` message.
    socket.on(LIVE_EVENTS.deltas, (deltas: LiveDelta[]) => {
      if (watch) watch.messages++;
      for (const delta of deltas) onDelta(index, delta);
    });
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      // One client per thread counts what each one parses (they all receive the same packets).
      if (index === 0) {
        socket.io.engine.on('packet', (packet) => {
          if (watch && packet.type === 'message' && typeof packet.data === 'string' && packet.data.includes('"delta')) watch.deltaBytes += packet.data.length;
        });
      }
      socket.emit(LIVE_EVENTS.subscribe, { gate, batch: true }, (ack: { ok: boolean; error?: { message: string } }) => {
        if (ack.ok) resolve();
        else reject(new Error(`subscribe: ${ack.error?.message}`));
      });
    });
  });
}

async function handle(request: LiveClientsRequest): Promise<LiveClientsReply> {
  switch (request.kind) {
    case 'connect': {
      const connect = request.clientKind === 'lean' ? connectLean : connectOne;
      for (let i = 0; i < request.count; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, request.count - i) }, (_, k) =>
          connect(i + k, request.urls[(request.first + i + k) % request.urls.length]!, request.token, request.gate)));
      }
      return { kind: 'ok', id: request.id };
    }
    case 'arm':
      watch = {
        type: request.type,
        commandId: request.commandId,
        commandIdBytes: Buffer.from(request.commandId, 'utf8'),
        times: new Array<number | null>(sockets.length).fill(null),
        missing: sockets.length,
        deltas: 0,
        messages: 0,
        deltaBytes: 0,
        elu: performance.eventLoopUtilization(),
      };
      return { kind: 'ok', id: request.id };
    case 'collect': {
      const w = watch;
      if (!w) throw new Error('collect before arm');
      if (w.missing > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, request.timeoutMs);
          w.done = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      watch = null;
      const busyMs = performance.eventLoopUtilization(w.elu).active;
      return { kind: 'arrivals', id: request.id, times: w.times, busyMs, deltas: w.deltas, messages: w.messages, deltaBytes: w.deltaBytes };
    }
    case 'close':
      watch = null;
      for (const s of sockets) if ('disconnect' in s) s.disconnect(); else s.close();
      return { kind: 'ok', id: request.id };
  }
}

port.on('message', (request: LiveClientsRequest) => {
  handle(request).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => port.postMessage({ kind: 'error', id: request.id, message: (err as Error).message } satisfies LiveClientsReply),
  );
});
