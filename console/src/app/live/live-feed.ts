/**
 * One `/live` subscription (a whole gate, or one trip), independent of React:
 * connect with the session token, `subscribe` with an ack, build state from the `snapshot`,
 * apply seq-numbered `delta`s, resync on a gap, and after a reconnect tell whether Socket.IO's
 * connection-state recovery replayed what was missed ("recovered") or a fresh snapshot was
 * needed ("resynced"). Deltas that arrive while a snapshot is awaited are buffered and replayed
 * on top of it. Hooks (use-live-gate.ts, use-live-trip.ts) wrap it with useSyncExternalStore.
 */
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  liveWire,
  type ClientToServerEvents,
  type DeviceAlertMessage,
  type LiveDelta,
  type LiveDeltaWire,
  type TripPositionMessage,
  type ServerToClientEvents,
  type SubscribeRequest,
} from '@borderflow/contracts';

/** The `/live` socket with the contract's event maps. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
  /** A trip's pushed place and ETA (trip subscriptions): the new state, or null to ignore it. */
  position?(state: S, message: TripPositionMessage): S | null;
  /**
   * A paged snapshot (snapshot-pages.ts): whether `state` is still its head, waiting for pages
   * (shown as it is; deltas wait until the pages are in), and how a `snapshot_page` adds to it
   * (null: not a page of this snapshot, ignored).
   */
  isPartial?(state: S): boolean;
  page?(state: S, page: unknown): S | null;
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
  /** The access token, or how to read the current one (read again at every reconnection). */
  token: string | (() => string | null);
  /**
   * A fresh access token when the server refused or ended the socket's session (the token
   * expired), or null when the session is over.
   */
  renewToken?: () => Promise<string | null>;
  projector: LiveProjector<S>;
  /** '' = same origin (the app); a full URL in tests and the benchmark. */
  url?: string;
  /** How long an awaited snapshot may take before it is asked for again (default SNAPSHOT_WATCHDOG_MS). */
  snapshotWatchdogMs?: number;
  /** The token was refused (expired, revoked). */
  onUnauthenticated?: () => void;
  /** Called after each applied delta (the benchmark's hook). */
  onDelta?: (delta: LiveDelta) => void;
  socketFactory?: (url: string, token: string) => LiveSocket;
}

type Listener = () => void;

/** How long an awaited snapshot may take before it is asked for again. */
export const SNAPSHOT_WATCHDOG_MS = 5_000;

/** Clock offset changes smaller than this are ignored (see onDelta). */
const CLOCK_DRIFT_MS = 250;

const defaultSocket = (url: string, token: () => string | null): LiveSocket =>
  // `auth` as a function: every reconnection sends the token current at that moment.
  io(`${url}${LIVE_NAMESPACE}`, { auth: (cb) => cb({ token: token() }), transports: ['websocket'], reconnectionDelayMax: 5000 });

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
  private socket: LiveSocket | null = null;
  private awaitingSnapshot = false;
  private pending: LiveDelta[] = [];
  /** Connection label to show once the awaited snapshot is in (null: a quiet refresh). */
  private snapshotLabel: ConnectionState | null = null;
  private everConnected = false;
  /** Asks again when an awaited snapshot has not come (lost, or one the projector refused): never stuck. */
  private snapshotWatchdog: ReturnType<typeof setTimeout> | null = null;
  private offsets: number[] = [];
  /** A renewal since the last successful connect: a second refusal in a row means the session is over. */
  private renewed = false;

  constructor(private readonly options: LiveFeedOptions<S>) {}

  private currentToken = (): string | null => {
    const { token } = this.options;
    return typeof token === 'function' ? token() : token;
  };

  getState = (): LiveFeedState<S> => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private readonly deviceAlertListeners = new Set<(alert: DeviceAlertMessage) => void>();

  /** Calls `listener` with each device alert of the gate (a wrong truck at a lane, a silent camera). */
  onDeviceAlert = (listener: (alert: DeviceAlertMessage) => void): (() => void) => {
    this.deviceAlertListeners.add(listener);
    return () => this.deviceAlertListeners.delete(listener);
  };

  start(): void {
    if (this.socket) return;
    const url = this.options.url ?? '';
    const socket = this.options.socketFactory ? this.options.socketFactory(url, this.currentToken() ?? '') : defaultSocket(url, this.currentToken);
    this.socket = socket;
    this.set({ connection: 'connecting' });
    socket.on('connect', () => {
      this.renewed = false;
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
      // Not `active`: the server refused the handshake (bad or expired token); retrying as is will not help.
      if (!socket.active && this.options.renewToken && !this.renewed) {
        this.renewed = true;
        this.set({ connection: 'reconnecting' });
        void this.options.renewToken().then((token) => {
          if (this.socket !== socket) return;
          if (token) socket.connect();
          else {
            this.set({ connection: 'offline', error: { code: 'UNAUTHENTICATED', message: err.data?.message ?? err.message } });
            this.options.onUnauthenticated?.();
          }
        });
      } else if (!socket.active) {
        this.set({ connection: 'offline', error: { code: err.data?.code ?? 'UNAUTHENTICATED', message: err.data?.message ?? err.message } });
        this.options.onUnauthenticated?.();
      } else {
        this.set({ connection: 'reconnecting' });
      }
    });
    // The server ends the session before closing the socket: at token expiry (renew, then the
    // reconnection carries the fresh token) or on revocation (the renewal fails: signed out).
    socket.on(LIVE_EVENTS.sessionEnded, (message, ack) => {
      if (typeof ack === 'function') ack();
      if (message?.reason === 'expired') void this.options.renewToken?.();
    });
    socket.on(LIVE_EVENTS.snapshot, (snapshot) => this.onSnapshot(snapshot));
    socket.on(LIVE_EVENTS.snapshotPage, (page) => this.onSnapshotPage(page));
    // Times arrive as RFC 3339 (contracts' live-times.ts); the board counts in ms epoch.
    socket.on(LIVE_EVENTS.delta, (delta) => this.onWireDelta(delta));
    // A burst of a gate's events in one message (subscribed with `batch: true`), in seq order.
    socket.on(LIVE_EVENTS.deltas, (deltas) => {
      if (Array.isArray(deltas)) for (const delta of deltas) this.onWireDelta(delta);
    });
    socket.on(LIVE_EVENTS.position, (message) => this.onPosition(message));
    socket.on(LIVE_EVENTS.deviceAlert, (alert) => {
      for (const listener of this.deviceAlertListeners) listener(alert);
    });
  }

  private onWireDelta(delta: LiveDeltaWire | undefined): void {
    if (delta && typeof delta.seq === 'number' && delta.event) this.onDelta(liveWire.fromDelta(delta));
  }

  /** Places and ETAs move with other trucks: applied as they come, between the trip's own events. */
  private onPosition(message: TripPositionMessage): void {
    const apply = this.options.projector.position;
    const current = this.state.data;
    if (!apply || current === null || this.awaitingSnapshot || !message) return;
    const next = apply.call(this.options.projector, current, message);
    if (next) this.set({ data: next });
  }

  stop(): void {
    this.clearWatchdog();
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
    // Asking again while a snapshot is awaited keeps what is buffered: those deltas may be newer
    // than the snapshot that answers (replaying them drops what it already holds).
    if (!this.awaitingSnapshot) this.pending = [];
    this.awaitingSnapshot = true;
    this.snapshotLabel = label;
    const event = kind === 'subscribe' ? LIVE_EVENTS.subscribe : LIVE_EVENTS.resync;
    this.clearWatchdog();
    this.snapshotWatchdog = setTimeout(() => {
      this.snapshotWatchdog = null;
      if (this.awaitingSnapshot && this.socket === socket) this.requestSnapshot(kind, label);
    }, this.options.snapshotWatchdogMs ?? SNAPSHOT_WATCHDOG_MS);
    socket.emit(event, this.options.request, (ack) => {
      // Untrusted wire data all the same: an old server may answer without an ack.
      if (ack && ack.ok === false && ack.error) {
        this.clearWatchdog();
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

  private clearWatchdog(): void {
    if (this.snapshotWatchdog) clearTimeout(this.snapshotWatchdog);
    this.snapshotWatchdog = null;
  }

  private onSnapshot(snapshot: unknown): void {
    const data = this.options.projector.fromSnapshot(snapshot, this.serverNow(), this.state.data);
    // A snapshot the projector refuses leaves the request open: the watchdog asks again.
    if (!data) return;
    // Nothing awaited and older than the board: the late answer of a request already served (the
    // watchdog asked twice under load). Taking it would undo deltas already applied, and with no
    // later delta to reveal the gap the board would stay behind until the next event of the gate.
    const current = this.state.data;
    if (!this.awaitingSnapshot && current !== null && this.options.projector.seqOf(data) < this.options.projector.seqOf(current)) return;
    if (this.options.projector.isPartial?.(data)) {
      // The head of a paged snapshot: shown now (every lane and its next trucks); the snapshot is
      // still awaited (deltas buffered, the watchdog armed) until its pages are in.
      this.awaitingSnapshot = true;
      this.set({ data, error: null });
      return;
    }
    this.takeSnapshot(data);
  }

  /** The next page of a paged snapshot: kept quietly until the last one completes the state. */
  private onSnapshotPage(page: unknown): void {
    const current = this.state.data;
    const { projector } = this.options;
    if (!this.awaitingSnapshot || current === null || !projector.page || !projector.isPartial?.(current)) return;
    const data = projector.page(current, page);
    if (!data) return;
    if (projector.isPartial(data)) {
      // Not worth a render: nothing shown changes until the queues are whole.
      this.state = { ...this.state, data };
      return;
    }
    this.takeSnapshot(data);
  }

  private takeSnapshot(data: S): void {
    this.clearWatchdog();
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
    // No quiet periodic snapshot: a snapshot only when a delta cannot be applied exactly (issue 15).
    if (needsResync) this.requestSnapshot('resync', null);
  }
}
