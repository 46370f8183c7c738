/**
 * Socket.IO namespace `/live`: staff follow a whole gate (room `gate:<code>`),
 * a driver follows their own trip (room `trip:<id>`). Each subscription starts
 * with a `snapshot` carrying the gate's event seq; `delta`s follow (see
 * fanout.ts). A client that notices a seq gap emits `resync`.
 *
 * A company's administrators, dispatchers and API keys (the key as the handshake token) follow every
 * trip of their company with `{company: true}`: no room, but the company feed (company-feed.ts), whose
 * seq has no gaps; `since` resumes it after a reconnect.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  type ClientToServerEvents,
  type LiveAck,
  type ServerToClientEvents,
  type GateSnapshotWire,
  type TripSnapshotWire,
  liveWire,
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  ZSubscribeRequestSchema,
  pageGateSnapshot,
  type GateEvent,
  type LiveDelta,
  type LiveDeltaWire,
  type QueueEta,
  type QueueOrder,
  type SubscribeRequest,
} from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { GateScheduler } from '@borderflow/scheduler';
import type { ApiContext } from '../context.ts';
import type { Principal } from '../auth/jwt.ts';
import { armTokenExpiry, authenticateSocket } from './socket-sessions.ts';
import { toAppError } from '../http/error-handler.ts';
import { canAccessTrip } from '../trips/trip-access.ts';
import { allows } from '../auth/permissions.ts';
import { feedCompanyOf } from './company-feed.ts';
import { DEFAULT_RESYNC_LIMITS, GateSnapshotCache, ResyncBucket, gateSnapshotWire, type ResyncLimits } from './resync-limits.ts';
import { REFUSALS } from '../http/refusal-words.ts';

export const gateRoom = (gate: string) => `gate:${gate}`;
export const tripRoom = (tripId: string) => `trip:${tripId}`;
/** The gate room's sockets that take a burst of deltas as one `deltas` message (`batch: true`); they are in the gate room too. */
export const gateBatchRoom = (gate: string) => `gate:${gate}:batch`;

type Ack = (answer: LiveAck) => void;
/** The `/live` namespace with the contract's event maps. */
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

function principalOfSocket(socket: Socket): Principal {
  return (socket.data as { principal: Principal }).principal;
}

/** A subscription the caller is allowed: its room, and how to read its snapshot. */
interface Subscription {
  room: string;
  snapshot: () => Promise<GateSnapshotWire | TripSnapshotWire>;
}

function gateSubscription(ctx: ApiContext, who: Principal, gate: string): Subscription {
  if (!allows('live.gate', who.role)) throw AppError.worded('FORBIDDEN', REFUSALS.onlyGateStaffFollow, 'gate');
  const scheduler = ctx.schedulers.get(gate);
  if (!scheduler) throw AppError.worded('NOT_FOUND', REFUSALS.gateNotFound(gate), 'gate');
  return { room: gateRoom(gate), snapshot: () => gateSnapshotWire(scheduler) };
}

async function tripSubscription(ctx: ApiContext, who: Principal, tripId: string): Promise<Subscription> {
  if (!allows('live.trip', who.role)) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  const row = await ctx.db.trip.findUnique({
    where: { id: tripId },
    select: { createdById: true, state: true, gate: { select: { code: true } } },
  });
  // Someone else's trip looks exactly like a missing one.
  if (!row || !canAccessTrip(who, row.createdById)) throw AppError.worded('NOT_FOUND', REFUSALS.tripNotFound, 'tripId');
  const scheduler = ctx.schedulers.get(row.gate.code);
  if (!scheduler) throw AppError.worded('NOT_FOUND', REFUSALS.gateNotFound(row.gate.code), 'gate');
  return { room: tripRoom(tripId), snapshot: () => tripSnapshot(scheduler, row.gate.code, tripId, row.state) };
}

async function tripSnapshot(scheduler: GateScheduler, gate: string, tripId: string, dbState: string): Promise<TripSnapshotWire> {
  const at = scheduler.now();
  const status = await scheduler.tripStatus(tripId, at);
  const seq = status?.seq ?? Number((await scheduler.snapshot()).seq);
  const laneId = status?.laneId ?? null;
  const lane = laneId ? ((await scheduler.reader.lanes()).views.find((l) => l.id === laneId) ?? null) : null;
  return liveWire.tripSnapshot({
    gate,
    seq,
    at,
    tripId,
    /** From the scheduler while live, else the database (registered, crossed, cancelled…). */
    state: status?.trip.state ?? dbState,
    trip: status?.trip ?? null,
    position: status?.position ?? null,
    eta: status?.eta ?? null,
    lane,
  });
}

async function subscriptionFor(ctx: ApiContext, who: Principal, request: SubscribeRequest): Promise<Subscription> {
  if (request.company) throw AppError.worded('VALIDATION_FAILED', REFUSALS.companyFeedElsewhere, 'company');
  return request.gate !== undefined ? gateSubscription(ctx, who, request.gate) : tripSubscription(ctx, who, request.tripId!);
}

/**
 * A snapshot to one socket; a gate's in pages when asked (`paged`, snapshot-pages.ts): the head and
 * every page are written in this one turn, so no delta can come between them.
 */
function sendSnapshot(socket: Socket<ClientToServerEvents, ServerToClientEvents>, snapshot: GateSnapshotWire | TripSnapshotWire, paged: boolean): void {
  if (!paged || !('queues' in snapshot)) {
    socket.emit(LIVE_EVENTS.snapshot, snapshot);
    return;
  }
  const { head, pages } = pageGateSnapshot(snapshot);
  socket.emit(LIVE_EVENTS.snapshot, head);
  for (const page of pages) socket.emit(LIVE_EVENTS.snapshotPage, page);
}

function replyError(ack: Ack | undefined, err: unknown, ctx: ApiContext): void {
  const e = toAppError(err);
  if (e.code === 'INTERNAL') ctx.logger.error({ err }, 'live subscription failed');
  if (typeof ack === 'function') ack({ ok: false, error: { code: e.code, message: e.message, field: e.field } });
}

/**
 * Mounts the `/live` namespace on a Socket.IO server.
 *
 * @example
 * const nsp = attachLiveGateway(io, ctx);
 * // client: io(url + '/live', { auth: { token } }).emit('subscribe', { gate: 'KT' }, ack)
 */
export function attachLiveGateway(io: Server, ctx: ApiContext, resyncLimits: ResyncLimits = DEFAULT_RESYNC_LIMITS): Namespace {
  const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  // One snapshot per gate sequence for every resync of that gate (see resync-limits.ts).
  const gateSnapshots = new Map<string, GateSnapshotCache>();
  const cachedGateSnapshot = (gate: string) => {
    let cache = gateSnapshots.get(gate);
    if (!cache) gateSnapshots.set(gate, (cache = new GateSnapshotCache(ctx.redis, ctx.schedulers.get(gate)!, resyncLimits)));
    return cache.get();
  };

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      if (typeof token !== 'string' || token === '') throw AppError.worded('UNAUTHENTICATED', REFUSALS.liveAuth);
      socket.data = { principal: await authenticateSocket(ctx, token) };
      next();
    } catch (err) {
      const error = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
      error.data = { code: 'UNAUTHENTICATED', message: err instanceof AppError ? err.message : 'Invalid token' };
      next(error);
    }
  });

  nsp.on('connection', (socket) => {
    const who = principalOfSocket(socket);
    // A key's socket lives while the key it opened with still authenticates (not revoked, not rotated away).
    const key = who.apiKey ? String((socket.handshake.auth as { token?: unknown }).token) : null;
    armTokenExpiry(socket, key ? () => authenticateSocket(ctx, key).then(() => true, () => false) : undefined);

    // The socket's company feed, if it follows one (one at a time; a new subscribe replaces it).
    let companyFeed: { close: () => void } | null = null;
    const stopCompanyFeed = () => {
      companyFeed?.close();
      companyFeed = null;
    };
    socket.once('disconnect', stopCompanyFeed);
    const followCompany = async (since: number | undefined, ack?: Ack) => {
      try {
        if (!allows('live.company', who.role)) throw AppError.worded('FORBIDDEN', REFUSALS.companyFeedForbidden, 'company');
        const companyId = await feedCompanyOf(ctx, who);
        stopCompanyFeed();
        const feed = await ctx.companyFeed.subscribe(
          companyId,
          { snapshot: (s) => socket.emit(LIVE_EVENTS.feedSnapshot, s), message: (m) => socket.emit(LIVE_EVENTS.feed, m) },
          since,
        );
        if (socket.disconnected) return feed.close();
        companyFeed = feed;
        if (typeof ack === 'function') ack({ ok: true, seq: feed.seq });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    };

    const handle = (join: boolean) => async (payload: unknown, ack?: Ack) => {
      try {
        const request = ZSubscribeRequestSchema.parse(payload ?? {});
        if (request.company) return await followCompany(request.since, ack);
        const subscription = await subscriptionFor(ctx, who, request);
        // Join first, then read: no event can fall between the snapshot and the first delta.
        // A delta that overtakes the snapshot has seq <= snapshot.seq and the client drops it.
        if (join) await socket.join(subscription.room);
        if (join && request.gate !== undefined) {
          if (request.batch) await socket.join(gateBatchRoom(request.gate));
          else await socket.leave(gateBatchRoom(request.gate));
        }
        const snapshot = await subscription.snapshot();
        sendSnapshot(socket, snapshot, request.paged === true);
        if (typeof ack === 'function') ack({ ok: true, seq: snapshot.seq });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    };

    socket.on(LIVE_EVENTS.subscribe, handle(true));
    // A resync is limited per socket (token bucket) and, for a gate, served from the shared snapshot.
    const resyncBucket = new ResyncBucket(resyncLimits);
    socket.on(LIVE_EVENTS.resync, async (payload: unknown, ack?: Ack) => {
      if (!resyncBucket.take()) {
        replyError(ack, AppError.worded('RATE_LIMITED', REFUSALS.tooManyResyncs(resyncLimits.refillMs / 1000, resyncLimits.burst)), ctx);
        return;
      }
      try {
        const request = ZSubscribeRequestSchema.parse(payload ?? {});
        if (request.company) return await followCompany(request.since, ack);
        if (request.gate === undefined) return await handle(false)(request, ack);
        await subscriptionFor(ctx, who, request); // the same permission check as subscribe
        const snapshot = await cachedGateSnapshot(request.gate);
        sendSnapshot(socket, snapshot, request.paged === true);
        if (typeof ack === 'function') ack({ ok: true, seq: snapshot.seq });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    });
    socket.on(LIVE_EVENTS.unsubscribe, async (payload: unknown, ack?: Ack) => {
      try {
        const request = ZSubscribeRequestSchema.parse(payload ?? {});
        if (request.company) {
          stopCompanyFeed();
          if (typeof ack === 'function') ack({ ok: true, seq: 0 });
          return;
        }
        await socket.leave(request.gate !== undefined ? gateRoom(request.gate) : tripRoom(request.tripId!));
        if (request.gate !== undefined) await socket.leave(gateBatchRoom(request.gate));
        if (typeof ack === 'function') ack({ ok: true, seq: 0 });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    });
  });
  return nsp;
}

/** One gate event with what the fan-out computed for it: the queues it reordered, the ETAs that moved. */
export interface GateDelta {
  event: GateEvent;
  queues?: QueueOrder[];
  etas?: QueueEta[];
}

function deltaWire({ event, queues, etas }: GateDelta): LiveDeltaWire {
  const delta: LiveDelta = { seq: event.seq, event };
  if (queues) delta.queues = queues;
  if (etas) delta.etas = etas;
  // Times go out as RFC 3339 with the gate's offset (live-times.ts), converted once for every room.
  return liveWire.delta(delta);
}

/**
 * Sends one gate event to its gate room and to the room of the trip it concerns, with the
 * server's order of the stage queues it changed (queue-orders.ts) and the ETAs that moved
 * (queue-etas.ts) for the lane boards.
 *
 * @example
 * startFanout({ ..., emit: async (event) => emitDelta(nsp, event, await orders.onEvent(event)) });
 */
export function emitDelta(nsp: LiveNamespace, event: GateEvent, queues?: QueueOrder[], etas?: QueueEta[]): void {
  emitDeltas(nsp, [{ event, queues, etas }]);
}

/**
 * Sends consecutive events of one gate (seq order), read together by the fan-out. One event goes
 * out as a `delta` to the whole gate room; a burst goes to the `batch: true` sockets as one
 * `deltas` message (one write per socket, one parse per client) and as single `delta`s to the
 * others. Trip rooms get each of their trip's events.
 *
 * @example
 * emitDeltas(nsp, [{ event: completed }, { event: called, queues, etas }]);
 */
export function emitDeltas(nsp: LiveNamespace, deltas: readonly GateDelta[]): void {
  if (!deltas.length) return;
  const gate = deltas[0]!.event.gate;
  const wires = deltas.map(deltaWire);
  // Socket.IO encodes a room broadcast once and writes that packet to every socket of the room
  // (fanout.test.ts counts it): one serialisation per room, not per socket.
  if (wires.length === 1) nsp.to(gateRoom(gate)).emit(LIVE_EVENTS.delta, wires[0]!);
  else {
    nsp.to(gateBatchRoom(gate)).emit(LIVE_EVENTS.deltas, wires);
    for (const wire of wires) nsp.to(gateRoom(gate)).except(gateBatchRoom(gate)).emit(LIVE_EVENTS.delta, wire);
  }
  // A driver's page follows one trip: other trucks' ids stay off its socket (one copy per socket:
  // staff following the trip too already have the gate's).
  deltas.forEach(({ event }, i) => {
    if (event.trip) nsp.to(tripRoom(event.trip.id)).except(gateRoom(gate)).emit(LIVE_EVENTS.delta, { seq: event.seq, event: wires[i]!.event });
  });
}
