/**
 * Socket.IO namespace `/live`: staff follow a whole gate (room `gate:<code>`),
 * a driver follows their own trip (room `trip:<id>`). Each subscription starts
 * with a `snapshot` carrying the gate's event seq; `delta`s follow (see
 * fanout.ts). A client that notices a seq gap emits `resync`.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  ZSubscribeRequestSchema,
  type GateEvent,
  type SubscribeRequest,
} from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { GateScheduler } from '@borderflow/scheduler';
import type { ApiContext } from '../context.ts';
import { verifyAccessToken, type Principal } from '../auth/jwt.ts';
import { toAppError } from '../http/error-handler.ts';
import { canAccessTrip } from '../trips/trip-access.ts';

const STAFF = new Set(['operator', 'manager', 'admin']);

export const gateRoom = (gate: string) => `gate:${gate}`;
export const tripRoom = (tripId: string) => `trip:${tripId}`;

type Ack = (answer: { ok: true; seq: number } | { ok: false; error: { code: string; message: string; field: string | null } }) => void;

function principalOfSocket(socket: Socket): Principal {
  return (socket.data as { principal: Principal }).principal;
}

/** A subscription the caller is allowed: its room, and how to read its snapshot. */
interface Subscription {
  room: string;
  snapshot: () => Promise<{ seq: number }>;
}

function gateSubscription(ctx: ApiContext, who: Principal, gate: string): Subscription {
  if (!STAFF.has(who.role)) throw new AppError('FORBIDDEN', 'Only operators, managers and admins may follow a whole gate', 'gate');
  const scheduler = ctx.schedulers.get(gate);
  if (!scheduler) throw new AppError('NOT_FOUND', `Gate ${gate} not found`, 'gate');
  return { room: gateRoom(gate), snapshot: () => scheduler.snapshot() };
}

async function tripSubscription(ctx: ApiContext, who: Principal, tripId: string): Promise<Subscription> {
  const row = await ctx.db.trip.findUnique({
    where: { id: tripId },
    select: { createdById: true, state: true, gate: { select: { code: true } } },
  });
  // Someone else's trip looks exactly like a missing one.
  if (!row || !canAccessTrip(who, row.createdById)) throw new AppError('NOT_FOUND', 'Trip not found', 'tripId');
  const scheduler = ctx.schedulers.get(row.gate.code);
  if (!scheduler) throw new AppError('NOT_FOUND', `Gate ${row.gate.code} not found`, 'gate');
  return { room: tripRoom(tripId), snapshot: () => tripSnapshot(scheduler, row.gate.code, tripId, row.state) };
}

async function tripSnapshot(scheduler: GateScheduler, gate: string, tripId: string, dbState: string) {
  const status = await scheduler.tripStatus(tripId);
  const seq = status?.seq ?? Number((await scheduler.snapshot()).seq);
  const laneId = status?.laneId ?? null;
  const lane = laneId ? ((await scheduler.reader.lanes()).views.find((l) => l.id === laneId) ?? null) : null;
  return {
    gate,
    seq,
    tripId,
    /** From the scheduler while live, else the database (registered, crossed, cancelled…). */
    state: status?.trip.state ?? dbState,
    trip: status?.trip ?? null,
    position: status?.position ?? null,
    eta: status?.eta ?? null,
    lane,
  };
}

async function subscriptionFor(ctx: ApiContext, who: Principal, request: SubscribeRequest): Promise<Subscription> {
  return request.gate !== undefined ? gateSubscription(ctx, who, request.gate) : tripSubscription(ctx, who, request.tripId!);
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
export function attachLiveGateway(io: Server, ctx: ApiContext): Namespace {
  const nsp = io.of(LIVE_NAMESPACE);

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      if (typeof token !== 'string' || token === '') throw new AppError('UNAUTHENTICATED', 'Send auth: { token }');
      socket.data = { principal: await verifyAccessToken(ctx.auth, token) };
      next();
    } catch (err) {
      const error = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
      error.data = { code: 'UNAUTHENTICATED', message: err instanceof AppError ? err.message : 'Invalid token' };
      next(error);
    }
  });

  nsp.on('connection', (socket) => {
    const who = principalOfSocket(socket);

    const handle = (join: boolean) => async (payload: unknown, ack?: Ack) => {
      try {
        const request = ZSubscribeRequestSchema.parse(payload ?? {});
        const subscription = await subscriptionFor(ctx, who, request);
        // Join first, then read: no event can fall between the snapshot and the first delta.
        // A delta that overtakes the snapshot has seq <= snapshot.seq and the client drops it.
        if (join) await socket.join(subscription.room);
        const snapshot = await subscription.snapshot();
        socket.emit(LIVE_EVENTS.snapshot, snapshot);
        if (typeof ack === 'function') ack({ ok: true, seq: snapshot.seq });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    };

    socket.on(LIVE_EVENTS.subscribe, handle(true));
    socket.on(LIVE_EVENTS.resync, handle(false));
    socket.on(LIVE_EVENTS.unsubscribe, async (payload: unknown, ack?: Ack) => {
      try {
        const request = ZSubscribeRequestSchema.parse(payload ?? {});
        await socket.leave(request.gate !== undefined ? gateRoom(request.gate) : tripRoom(request.tripId!));
        if (typeof ack === 'function') ack({ ok: true, seq: 0 });
      } catch (err) {
        replyError(ack, err, ctx);
      }
    });
  });
  return nsp;
}

/**
 * Sends one gate event to its gate room and to the room of the trip it concerns.
 *
 * @example
 * startFanout({ ..., emit: (event) => emitDelta(nsp, event) });
 */
export function emitDelta(nsp: Namespace, event: GateEvent): void {
  const rooms = [gateRoom(event.gate)];
  if (event.trip) rooms.push(tripRoom(event.trip.id));
  nsp.to(rooms).emit(LIVE_EVENTS.delta, { seq: event.seq, event });
}
