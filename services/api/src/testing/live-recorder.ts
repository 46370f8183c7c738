/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies in tests are arbitrary JSON */
/** Records what a `/live` socket receives, and waits for the message a test expects. */
import type { Socket } from 'socket.io-client';
import type { GateEvent } from '@borderflow/contracts';

export interface Delta {
  seq: number;
  event: GateEvent;
}

export interface LiveRecorder {
  snapshots: Array<{ seq: number } & Record<string, any>>;
  deltas: Delta[];
  /** Resolves with the first delta (already received or future) matching `match`, after index `from`. */
  waitForDelta(match: (d: Delta) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<Delta>;
  waitForSnapshot(count: number, timeoutMs?: number): Promise<Record<string, any>>;
}

async function poll<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * @example
 * const rec = record(socket);
 * await socket.emitWithAck('subscribe', { gate: 'KT' });
 * const called = await rec.waitForDelta((d) => d.event.type === 'trip_called');
 */
export function record(socket: Socket): LiveRecorder {
  const rec: LiveRecorder = {
    snapshots: [],
    deltas: [],
    waitForDelta(match, { from = 0, timeoutMs = 10_000 } = {}) {
      return poll(() => rec.deltas.slice(from).find(match), timeoutMs, 'a matching delta');
    },
    waitForSnapshot(count, timeoutMs = 10_000) {
      return poll(() => rec.snapshots[count - 1], timeoutMs, `snapshot #${count}`);
    },
  };
  socket.on('snapshot', (s: { seq: number }) => rec.snapshots.push(s));
  socket.on('delta', (d: Delta) => rec.deltas.push(d));
  return rec;
}
