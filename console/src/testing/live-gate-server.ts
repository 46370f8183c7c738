/**
 * A real Socket.IO server speaking the `/live` protocol for one gate, driven by the caller:
 * it answers `subscribe`/`resync` with the current snapshot and emits the deltas it is told
 * to (or skips some, to make a gap). Used by the LiveFeed tests and the console benchmark,
 * which need to control exactly which events a browser sees and when. It can also serve a
 * built console and a few JSON routes, so a browser can load the app from it.
 *
 * The platform's own gateway (services/api/src/live) is exercised by the e2e tests.
 *
 * @example
 * const gate = await startLiveGateServer({ snapshot });
 * gate.emitDelta(event);      // seq must be snapshot.seq + 1, …
 * await gate.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { Server, type Namespace } from 'socket.io';
import { LIVE_EVENTS, LIVE_NAMESPACE, liveWire, pageGateSnapshot, type GateEvent, type GateSnapshotMessage, type LiveDelta, type QueueEta, type QueueOrder } from '@borderflow/contracts';

export interface LiveGateServerOptions {
  /** The snapshot to answer with, or a function giving the current one (a simulated gate). */
  snapshot: GateSnapshotMessage | (() => GateSnapshotMessage);
  /** Serve this folder (a console build) with index.html for client routes. */
  staticDir?: string;
  /** `GET /v1/...` answers: path → JSON (404 otherwise). */
  json?: (path: string) => unknown;
  /** Socket.IO connection-state recovery (default on, as in the platform). */
  recovery?: boolean;
  /**
   * How long the n-th `subscribe`/`resync` (from 1) takes to answer (ms): the snapshot is read when
   * the request comes and sent this much later, like a slow build on a busy server. Default 0.
   */
  answerDelayMs?: (request: number) => number;
}

export interface LiveGateServer {
  url: string;
  nsp: Namespace;
  /** The snapshot subscribers get; deltas emitted through emitDelta move its seq. */
  snapshot: GateSnapshotMessage;
  /** Sends a delta (with the queue orders it changed, if any) to every subscriber of the gate (does not change `snapshot` beyond its seq). */
  emitDelta(event: GateEvent, queues?: QueueOrder[], etas?: QueueEta[]): void;
  /** Sends consecutive events as one `deltas` message (what the platform sends `batch: true` subscribers for a burst). */
  emitDeltas(events: GateEvent[]): void;
  /** How many subscribe and resync requests arrived, and how many snapshots were sent. */
  counts: { subscribe: number; resync: number; answered: number };
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

function serveStatic(dir: string, req: IncomingMessage, res: ServerResponse): boolean {
  const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
  let file = normalize(join(dir, path));
  if (!file.startsWith(dir)) return false;
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (extname(path)) return false;
    file = join(dir, 'index.html');
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
  return true;
}

export async function startLiveGateServer(options: LiveGateServerOptions): Promise<LiveGateServer> {
  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/v1/')) {
      const body = options.json?.(path);
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: { code: 'NOT_FOUND', message: `no ${path} here`, field: null } }));
      return;
    }
    if (options.staticDir && serveStatic(options.staticDir, req, res)) return;
    res.writeHead(404).end();
  });
  const io = new Server(http, {
    serveClient: false,
    ...(options.recovery === false ? {} : { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true } }),
  });
  const nsp = io.of(LIVE_NAMESPACE);
  const counts = { subscribe: 0, resync: 0, answered: 0 };
  const provider = typeof options.snapshot === 'function' ? options.snapshot : null;
  const server: LiveGateServer = {
    url: '',
    nsp,
    snapshot: provider ? provider() : (options.snapshot as GateSnapshotMessage),
    counts,
    emitDelta(event, queues, etas) {
      server.snapshot = { ...server.snapshot, seq: Math.max(server.snapshot.seq, event.seq) };
      const delta: LiveDelta = { seq: event.seq, event };
      if (queues) delta.queues = queues;
      if (etas?.length) delta.etas = etas;
      // As the platform sends it: times as RFC 3339 (contracts' live-times.ts).
      nsp.to(`gate:${event.gate}`).emit(LIVE_EVENTS.delta, liveWire.delta(delta));
    },
    emitDeltas(events) {
      server.snapshot = { ...server.snapshot, seq: Math.max(server.snapshot.seq, ...events.map((e) => e.seq)) };
      nsp.to(`gate:${events[0]!.gate}`).emit(LIVE_EVENTS.deltas, events.map((event) => liveWire.delta({ seq: event.seq, event })));
    },
    async close() {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      http.closeAllConnections();
    },
  };
  nsp.on('connection', (socket) => {
    const answer = (join: boolean) => async (payload: { gate?: string }, ack?: (a: unknown) => void) => {
      counts[join ? 'subscribe' : 'resync']++;
      const delay = options.answerDelayMs?.(counts.subscribe + counts.resync) ?? 0;
      if (provider) server.snapshot = provider();
      if (payload?.gate !== server.snapshot.gate) {
        ack?.({ ok: false, error: { code: 'NOT_FOUND', message: `Gate ${String(payload?.gate)} not found`, field: 'gate' } });
        return;
      }
      if (join) await socket.join(`gate:${payload.gate}`);
      const snapshot = server.snapshot;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const wire = liveWire.gateSnapshot({ ...snapshot, at: Date.now() });
      // As the platform's gateway answers `paged: true` (snapshot-pages.ts): the head, then its pages at once.
      if ((payload as { paged?: boolean }).paged === true) {
        const { head, pages } = pageGateSnapshot(wire);
        socket.emit(LIVE_EVENTS.snapshot, head);
        for (const page of pages) socket.emit(LIVE_EVENTS.snapshotPage, page);
      } else {
        socket.emit(LIVE_EVENTS.snapshot, wire);
      }
      counts.answered++;
      ack?.({ ok: true, seq: snapshot.seq });
    };
    socket.on(LIVE_EVENTS.subscribe, answer(true));
    socket.on(LIVE_EVENTS.resync, answer(false));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return server;
}
