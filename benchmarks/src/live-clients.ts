/**
 * Many clients of `/live`, each on its own connection (as 1,000
 * browsers would be), subscribed to one gate, spread over worker threads so
 * that decoding 1,000 copies of a delta is not one event loop's queue.
 * `lean` clients (the default, live-clients-lean.ts) read the frames as bytes and parse only the
 * one carrying the watched commandId; `socket.io` clients (socket.io-client) decode every delta.
 * Every matching delta is time-stamped on arrival (epoch ms with µs
 * resolution: performance.timeOrigin + performance.now(), comparable across
 * threads), so a benchmark can ask "when did each client see event X?".
 */
import { Worker } from 'node:worker_threads';
import type { LiveClientKind, LiveClientsRequest, LiveClientsReply } from './live-clients-worker.ts';

export type { LiveClientKind };

/** Now, in epoch ms with sub-ms resolution; the same clock in every thread. */
export const preciseNow = () => performance.timeOrigin + performance.now();

export interface DeltaMatch {
  type: string;
  commandId: string;
}

export interface Arrivals {
  /** Per client: when it received the delta (preciseNow()), or null if it had none in time. */
  times: Array<number | null>;
  /** Time the client threads' event loops were busy from arming to the end (ms, summed over threads). */
  busyMs: number;
  /** Deltas of any kind received while armed, all clients together. */
  deltas: number;
  /** Socket.IO messages carrying them (a `delta` or a `deltas` burst), all clients together. */
  messages: number;
  /** Characters of the delta packets one client received while armed (every client gets the same). */
  deltaBytes: number;
}

export interface LiveClients {
  count: number;
  /**
   * Starts watching for the first delta of `match.type` carrying `match.commandId`; resolves once
   * every thread watches, with a function that waits (at most `timeoutMs`) for every client to see it.
   */
  arm(match: DeltaMatch, timeoutMs: number): Promise<() => Promise<Arrivals>>;
  close(): Promise<void>;
}

const WORKER = new URL('./live-clients-worker.ts', import.meta.url);

/** A worker thread running a TypeScript module: tsx's loader hooks do not reach workers by themselves. */
function tsWorker(module: URL): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

function ask(worker: Worker, request: LiveClientsRequest): Promise<LiveClientsReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: LiveClientsReply) => {
      if (reply.id !== request.id) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      if (reply.kind === 'error') reject(new Error(reply.message));
      else resolve(reply);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage(request);
  });
}

/**
 * @example
 * const clients = await connectLiveClients(url, token, 'KT', 1000, 2);
 * const collect = await clients.arm({ type: 'trip_called', commandId }, 5000);
 * // … cause the event …
 * const { times } = await collect();
 * await clients.close();
 */
export async function connectLiveClients(url: string | string[], token: string, gate: string, count: number, threads = 2,
  clientKind: LiveClientKind = 'lean'): Promise<LiveClients> {
  const urls = typeof url === 'string' ? [url] : url;
  const workers = Array.from({ length: threads }, () => tsWorker(WORKER));
  const shares = workers.map((_, i) => Math.floor(count / threads) + (i < count % threads ? 1 : 0));
  let nextId = 0;
  try {
    // Each thread's clients go round-robin over the processes, starting where the previous thread's ended.
    const firsts = shares.map((_, i) => shares.slice(0, i).reduce((a, b) => a + b, 0));
    await Promise.all(workers.map((w, i) => ask(w, { kind: 'connect', id: nextId++, urls, first: firsts[i]!, token, gate, count: shares[i]!, clientKind })));
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  return {
    count,
    async arm(match, timeoutMs) {
      await Promise.all(workers.map((w) => ask(w, { kind: 'arm', id: nextId++, ...match })));
      return async () => {
        const replies = await Promise.all(workers.map((w) => ask(w, { kind: 'collect', id: nextId++, timeoutMs })));
        const times: Array<number | null> = [];
        let busyMs = 0;
        let deltas = 0;
        let messages = 0;
        let deltaBytes = 0;
        for (const r of replies) {
          if (r.kind !== 'arrivals') continue;
          times.push(...r.times);
          busyMs += r.busyMs;
          deltas += r.deltas;
          messages += r.messages;
          deltaBytes = Math.max(deltaBytes, r.deltaBytes);
        }
        return { times, busyMs, deltas, messages, deltaBytes };
      };
    },
    async close() {
      await Promise.all(workers.map((w) => ask(w, { kind: 'close', id: nextId++ }).catch(() => undefined)));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
