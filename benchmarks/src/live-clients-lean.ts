/**
 * A lean `/live` client for the fan-out bench (issue 15): one raw WebSocket (the `ws` package, as
 * socket.io-client itself uses in Node) that speaks the Engine.IO v4 / Socket.IO v5 wire protocol
 * itself: the open packet, the namespace connect with the auth token, the `subscribe` emit and its
 * ack, pongs to the server's pings, and the `delta` / `deltas` events.
 *
 * Why: the bench runs 1,000 clients on the same 2 cores as the server it measures, and
 * socket.io-client decodes every frame into objects (JSON.parse of every delta, 1,000 times per
 * message) although the bench only asks "when did this client see the call-up with commandId X?".
 * Real consoles decode on their own machines. This client receives every frame the server writes
 * (the server, what it sends and to whom are unchanged) but looks into a frame as bytes: the
 * message kind by its prefix, the watched commandId by a substring search, and only a frame that
 * contains the commandId is JSON-parsed, to check the delta's type and commandId.
 *
 * Frames (text; one Engine.IO packet per WebSocket message on the websocket transport):
 *   server `0{"sid":…,"pingInterval":…}` open          client `40/live,{"token":…}` namespace connect
 *   server `40/live,{"sid":…}` connected / `44/live,{…}` refused
 *   client `42/live,0["subscribe",{…}]` emit with ack 0  server `43/live,0[{"ok":true}]` its ack
 *   server `2` ping → client `3` pong
 *   server `42/live,["delta",{…},"<offset>"]` / `42/live,["deltas",[{…},…],"<offset>"]` (the offset:
 *   connection-state recovery appends the stream id as a last argument).
 */
import WebSocket from 'ws';
import { LIVE_EVENTS, LIVE_NAMESPACE } from '@borderflow/contracts';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const PING = 0x32; // '2'
const PONG = '3';
const EVENT_PREFIX = `42${LIVE_NAMESPACE},`;
const DELTA_FRAME = bytes(`${EVENT_PREFIX}["${LIVE_EVENTS.delta}",`);
const DELTAS_FRAME = bytes(`${EVENT_PREFIX}["${LIVE_EVENTS.deltas}",`);
const CONNECTED = `40${LIVE_NAMESPACE},`;
const REFUSED = `44${LIVE_NAMESPACE},`;
const SUBSCRIBE_ACK = `43${LIVE_NAMESPACE},0`;
/** Every delta on the wire has exactly one `event` key (live-times.ts `LiveDeltaWire`): a `deltas` frame's count. */
const DELTA_MARK = bytes('"event":{');

/** What kind of `/live` message a frame carries, by its first bytes only. */
export type LeanFrameKind = 'delta' | 'deltas' | 'other';

export function frameKind(frame: Buffer): LeanFrameKind {
  if (frame.length > DELTAS_FRAME.length && frame.compare(DELTAS_FRAME, 0, DELTAS_FRAME.length, 0, DELTAS_FRAME.length) === 0) return 'deltas';
  if (frame.length > DELTA_FRAME.length && frame.compare(DELTA_FRAME, 0, DELTA_FRAME.length, 0, DELTA_FRAME.length) === 0) return 'delta';
  return 'other';
}

/** Deltas in a `delta` (1) or `deltas` frame, counted without parsing it. */
export function deltasIn(frame: Buffer, kind: LeanFrameKind): number {
  if (kind === 'delta') return 1;
  if (kind === 'other') return 0;
  let n = 0;
  for (let at = frame.indexOf(DELTA_MARK, DELTAS_FRAME.length); at !== -1; at = frame.indexOf(DELTA_MARK, at + DELTA_MARK.length)) n++;
  return n;
}

/** The deltas of a `delta` / `deltas` frame, parsed (the socket.io-client's view of it). */
export function parseDeltas(frame: Buffer, kind: LeanFrameKind): Array<{ seq: number; event: { type: string; commandId?: string } }> {
  if (kind === 'other') return [];
  const [, payload] = JSON.parse(frame.toString('utf8', EVENT_PREFIX.length)) as [string, unknown];
  return (kind === 'delta' ? [payload] : payload) as Array<{ seq: number; event: { type: string; commandId?: string } }>;
}

/**
 * Whether a delta frame carries a delta of `type` with `commandId`: a byte search for the
 * commandId first, the JSON parse only for a frame that has it.
 */
export function frameHas(frame: Buffer, kind: LeanFrameKind, type: string, commandId: Buffer): boolean {
  if (kind === 'other' || frame.indexOf(commandId, DELTA_FRAME.length) === -1) return false;
  const id = commandId.toString('utf8');
  return parseDeltas(frame, kind).some((d) => d.event.type === type && d.event.commandId === id);
}

export interface LeanLiveClient {
  close(): void;
}

/**
 * Connects to `url` (http://host:port of an API process), joins `/live` with `token`, subscribes
 * to `gate` as the console does (`batch: true`), and resolves once the subscription is acked.
 * `onFrame` gets every later delta frame (the raw bytes and their kind); other frames are dropped.
 *
 * @example
 * const client = await connectLeanLiveClient('http://127.0.0.1:3000', token, 'KT', (frame, kind) => { … });
 */
export function connectLeanLiveClient(url: string, token: string, gate: string,
  onFrame: (frame: Buffer, kind: 'delta' | 'deltas') => void): Promise<LeanLiveClient> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve, reject) => {
    // No compression (socket.io's default server side); no UTF-8 check of text frames: this
    // client reads bytes, and what reaches it is the server's own JSON.
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, skipUTF8Validation: true });
    const client: LeanLiveClient = { close: () => ws.close() };
    let subscribed = false;
    const fail = (err: Error) => {
      if (subscribed) return;
      subscribed = true; // settle once
      ws.terminate();
      reject(err);
    };
    ws.on('error', fail);
    ws.on('close', () => fail(new Error(`${wsUrl}: closed before the subscription's ack`)));
    ws.on('message', (data: Buffer) => {
      if (subscribed) {
        const kind = frameKind(data);
        if (kind !== 'other') onFrame(data, kind);
        else if (data.length === 1 && data[0] === PING) ws.send(PONG);
        return;
      }
      const text = data.toString('utf8');
      if (text[0] === '0') ws.send(`${CONNECTED}${JSON.stringify({ token })}`);
      else if (text === '2') ws.send(PONG);
      else if (text.startsWith(REFUSED)) fail(new Error(`${LIVE_NAMESPACE} connect refused: ${text.slice(REFUSED.length)}`));
      else if (text.startsWith(CONNECTED)) ws.send(`${EVENT_PREFIX}0${JSON.stringify([LIVE_EVENTS.subscribe, { gate, batch: true }])}`);
      else if (text.startsWith(SUBSCRIBE_ACK)) {
        const [ack] = JSON.parse(text.slice(SUBSCRIBE_ACK.length)) as [{ ok: boolean; error?: { message: string } }];
        if (!ack.ok) return fail(new Error(`subscribe: ${ack.error?.message}`));
        subscribed = true;
        resolve(client);
      }
    });
  });
}
