/**
 * One `/live` subscription (a whole gate, or one trip), independent of React:
 * connect with the session token, `subscribe` with an ack, build state from the `snapshot`,
 * apply seq-numbered `delta`s, resync on a gap, and after a reconnect tell whether Socket.IO's
 * connection-state recovery replayed what was missed ("recovered") or a fresh snapshot was
 * needed ("resynced"). Deltas that arrive while a snapshot is awaited are buffered and replayed
 * on top of it. Hooks (use-live-gate.ts, use-live-trip.ts) wrap it with useSyncExternalStore.
 */
import { io, type Socket } from 'socket.io-client';
import { LIVE_EVENTS, LIVE_NAMESPACE, type LiveDelta, type SubscribeRequest } from '@borderflow/contracts';

export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'recovered' | 'resynced';

/** How a feed turns messages into state. */
export interface LiveProjector<S> {
  /** `previous`: the state it replaces (a resync), so unchanged parts can keep their objects. */
  fromSnapshot(snapshot: unknown, now: number, previous: S | null): S | null;
  /** Applies one event; `needsResync` asks for a fresh snapshot (state is kept meanwhile). */
  apply(state: S, delta: LiveDelta): { state: S; needsResync: boolean };
  seqOf(state: S): number;
  /**
   * `strict`: every gate event comes here, a jump in seq is a gap (gate subscriptions).
   * `monotonic`: only some events come (a trip's), drop only repeats.
   */
  seqMode: 'strict' | 'monotonic';
}

export interface LiveFeedState<S> {
  data: S | null;
  connection: ConnectionState;
  /** The last subscription error the server sent (FORBIDDEN, NOT_FOUND…), or the handshake's. */
  error: { code: string; message: string } | null;
  /** Applied deltas since the page loaded (for the board's footer and the benchmark). */
  applied: number;
  /** Server clock minus ours (ms), from event times: booth PCs' clocks drift, lane timers must not. */
  clockOffsetMs: number;
}

export interface LiveFeedOptions<S> {
  request: SubscribeRequest;
  token: string;
  projector: LiveProjector<S>;
  /** '' = same origin (the app); a full URL in tests and the benchmark. */
  url?: string;
  /** A quiet resync this long after the first applied delta (restores exact call order); 0 = never. */
  refreshAfterChangeMs?: number;
  /** The token was refused (expired, revoked). */
  onUnauthenticated?: () => void;
  /** Called after each applied delta (the benchmark's hook). */
  onDelta?: (delta: LiveDelta) => void;
  socketFactory?: (url: string, token: string) => Socket;
}

type Listener = () => void;

/** Clock offset changes smaller than this are ignored (see onDelta). */
const CLOCK_DRIFT_MS = 250;

const defaultSocket = (url: string, token: string): Socket =>
  io(`${url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5000 });

/**
 * @example
 * const feed = new LiveFeed({ request: { gate: 'KT' }, token, projector: gateProjector });
 * const stop = feed.subscribe(() => render(feed.getState()));
 * feed.start();
 * // later
 * stop(); feed.stop();
 */
export class LiveFeed<S> {
  private state: LiveFeedState<S> = { data: null, connection: 'offline', error: null, applied: 0, clockOffsetMs: 0 };
  private readonly listeners = new Set<Listener>();
  private socket: Socket | null = null;
  private awaitingSnapshot = false;
  private pending: LiveDelta[] = [];
  /** Connection label to show once the awaited snapshot is in (null: a quiet refresh). */
  private snapshotLabel: ConnectionState | null = null;
  private everConnected = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private offsets: number[] = [];

  constructor(private readonly options: LiveFeedOptions<S>) {}

  getState = (): LiveFeedState<S> => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.socket) return;
    const socket = (this.options.socketFactory ?? defaultSocket)(this.options.url ?? '', this.options.token);
    this.socket = socket;
    this.set({ connection: 'connecting' });
    socket.on('connect', () => {
      // A recovered session keeps its rooms and gets the missed deltas replayed; the seq check
      // still catches anything that did not make it.
      if (this.everConnected && socket.recovered) {
        this.set({ connection: 'recovered' });
        // A snapshot asked for before the cut is not replayed (only room broadcasts are): ask again.
        if (this.awaitingSnapshot || !this.state.data) this.requestSnapshot('subscribe', 'resynced');
        return;
      }
      const label = this.everConnected ? 'resynced' : 'connected';
      this.everConnected = true;
      this.requestSnapshot('subscribe', label);
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.set({ connection: 'reconnecting' });
      // The server closing the socket is the one case the client does not retry by itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      // Not `active`: the server refused the handshake (bad or expired token); retrying will not help.
      if (!socket.active) {
        this.set({ connection: 'offline', error: { code: err.data?.code ?? 'UNAUTHENTICATED', message: err.data?.message ?? err.message } });
        this.options.onUnauthenticated?.();
      } else {
        this.set({ connection: 'reconnecting' });
      }
    });
    socket.on(LIVE_EVENTS.snapshot, (snapshot: unknown) => this.onSnapshot(snapshot));
    socket.on(LIVE_EVENTS.delta, (delta: LiveDelta) => this.onDelta(delta));
  }

  stop(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.socket?.disconnect();
    this.socket = null;
    this.set({ connection: 'offline' });
  }

  /** Asks for a fresh snapshot now (the board's "refresh" and the e2e tests use it). */
  resync(): void {
    this.requestSnapshot('resync', 'resynced');
  }

  /** Server time now (ms), corrected for this PC's clock. */
  serverNow(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  private set(patch: Partial<LiveFeedState<S>>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private requestSnapshot(kind: 'subscribe' | 'resync', label: ConnectionState | null): void {
    const socket = this.socket;
    if (!socket) return;
    this.awaitingSnapshot = true;
    this.pending = [];
    this.snapshotLabel = label;
    const event = kind === 'subscribe' ? LIVE_EVENTS.subscribe : LIVE_EVENTS.resync;
    socket.emit(event, this.options.request, (ack: { ok: boolean; error?: { code: string; message: string } } | undefined) => {
      if (ack && ack.ok === false && ack.error) {
        this.awaitingSnapshot = false;
        this.set({ error: { code: ack.error.code, message: ack.error.message } });
        if (ack.error.code === 'UNAUTHENTICATED') this.options.onUnauthenticated?.();
      }
    });
  }

  private noteServerTime(at: number): void {
    // Delivery only ever delays an event, so the largest recent difference is the best estimate.
    this.offsets = [...this.offsets.slice(-19), at - Date.now()];
  }

  private onSnapshot(snapshot: unknown): void {
    const data = this.options.projector.fromSnapshot(snapshot, this.serverNow(), this.state.data);
    if (!data) return;
    this.awaitingSnapshot = false;
    const buffered = this.pending;
    this.pending = [];
    const label = this.snapshotLabel;
    this.snapshotLabel = null;
    this.set({ data, error: null, ...(label ? { connection: label } : {}) });
    for (const delta of buffered) this.onDelta(delta);
  }

  private onDelta(delta: LiveDelta): void {
    if (!delta || typeof delta.seq !== 'number' || !delta.event) return;
    const current = this.state.data;
    if (this.awaitingSnapshot || current === null) {
      this.pending.push(delta);
      return;
    }
    const { projector } = this.options;
    const last = projector.seqOf(current);
    if (delta.seq <= last) return; // a repeat (recovery replays what we may have had)
    if (projector.seqMode === 'strict' && delta.seq !== last + 1) {
      this.requestSnapshot('resync', 'resynced');
      this.pending.push(delta);
      return;
    }
    this.noteServerTime(delta.event.at);
    const { state, needsResync } = projector.apply(current, delta);
    // The offset moves by a few ms with every event's delivery delay: only a real drift (a
    // quarter second) is worth re-rendering every timer on the board for.
    const offset = Math.max(...this.offsets);
    const clockOffsetMs = Math.abs(offset - this.state.clockOffsetMs) > CLOCK_DRIFT_MS ? Math.round(offset) : this.state.clockOffsetMs;
    this.set({ data: state, applied: this.state.applied + 1, clockOffsetMs });
    this.options.onDelta?.(delta);
    if (needsResync) this.requestSnapshot('resync', null);
    else this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    const after = this.options.refreshAfterChangeMs ?? 0;
    if (after <= 0 || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (!this.awaitingSnapshot) this.requestSnapshot('resync', null);
    }, after);
  }
}
