/**
 * Socket.IO namespace `/display`: the yard's LED board, live. A TV connects with its display
 * token (`auth: { token: 'bfd_…' }`), joins its gate's board room and gets the whole board at once
 * and again after every event that changes who is called where. The board is a few lines, so it is
 * always sent whole: a TV that reconnects (Socket.IO does so by itself) is right again with the
 * first message, without sequence numbers or resyncs. The namespace listens to no client event:
 * a display token can read this board and do nothing else.
 */
import type { Server, Socket } from 'socket.io';
import { DISPLAY_EVENTS, DISPLAY_NAMESPACE, type GateEvent, type GateEventType } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import { authenticateDisplayToken, readCallUpBoard, type DisplayPrincipal } from '../display/display-tokens.ts';

export const boardRoom = (gate: string) => `board:${gate}`;

/** Events after which a board may read differently (a call-up starts, ends or loses its lane). */
const BOARD_CHANGES: ReadonlySet<GateEventType> = new Set<GateEventType>([
  'trip_called', 'trip_at_lane', 'inspection_started', 'trip_no_show', 'trip_cancelled', 'trip_requeued',
  'trip_turned_back', 'stage_completed', 'lane_status_changed', 'lane_configured',
]);

export interface CallUpBoardOptions {
  /** How often this process re-checks the display tokens of its open boards for revocation. */
  revocationSweepMs?: number;
  /** Board handshakes one client address may make per minute (a wrong token costs one too). */
  handshakesPerMinute?: number;
}

export interface CallUpBoardLive {
  /** Hand every gate event here (the fan-out does): boards of its gate are re-sent when it changes them. */
  onEvent(event: GateEvent): void;
  stop(): void;
}

const displayOf = (socket: Socket): DisplayPrincipal => (socket.data as { display: DisplayPrincipal }).display;

/**
 * Mounts `/display` on a Socket.IO server.
 *
 * @example
 * const board = attachCallUpBoard(io, ctx);
 * startFanout({ ..., emit: (event) => { emitDelta(nsp, event); board.onEvent(event); } });
 * // TV: io(url + '/display', { auth: { token: 'bfd_…' } }).on('board', render)
 */
export function attachCallUpBoard(io: Server, ctx: ApiContext, options: CallUpBoardOptions = {}): CallUpBoardLive {
  const nsp = io.of(DISPLAY_NAMESPACE);
  const perMinute = options.handshakesPerMinute ?? 60;

  nsp.use(async (socket, next) => {
    try {
      // Counted in Redis so every process shares the budget; a token guesser is stopped fast.
      const key = `${ctx.prefix}rl:display:{${socket.handshake.address}}`;
      const count = await ctx.redis.incr(key);
      if (count === 1) await ctx.redis.pexpire(key, 60_000);
      if (count > perMinute) throw Object.assign(new Error('RATE_LIMITED'), { data: { code: 'RATE_LIMITED', message: `At most ${perMinute} board connections a minute from one address` } });
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      socket.data = { display: await authenticateDisplayToken(ctx.db, typeof token === 'string' ? token : undefined) };
      next();
    } catch (err) {
      if ((err as Error).message === 'RATE_LIMITED') return next(err as Error);
      next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED', message: 'Display token is missing, unknown or revoked' } }));
    }
  });

  nsp.on('connection', async (socket) => {
    const { gate } = displayOf(socket);
    const scheduler = ctx.schedulers.get(gate);
    if (!scheduler) return void socket.disconnect(true);
    await socket.join(boardRoom(gate));
    socket.emit(DISPLAY_EVENTS.board, await readCallUpBoard(scheduler));
  });

  // One board read per gate at a time; events arriving meanwhile cause one more read, not one each.
  const reading = new Map<string, Promise<void>>();
  const dirty = new Set<string>();
  const push = (gate: string): void => {
    if (reading.has(gate)) return void dirty.add(gate);
    const scheduler = ctx.schedulers.get(gate);
    if (!scheduler) return;
    const run = readCallUpBoard(scheduler)
      .then((board) => void nsp.to(boardRoom(gate)).emit(DISPLAY_EVENTS.board, board))
      .catch((err: unknown) => ctx.logger.warn({ err, gate }, 'call-up board read failed'))
      .finally(() => {
        reading.delete(gate);
        if (dirty.delete(gate)) push(gate);
      });
    reading.set(gate, run);
  };

  // A revoked token must not keep a TV showing the yard: sweep the tokens this process serves.
  const sweep = setInterval(() => {
    const sockets = [...nsp.sockets.values()];
    const ids = [...new Set(sockets.map((s) => displayOf(s).tokenId))];
    if (ids.length === 0) return;
    ctx.db.displayToken
      .findMany({ where: { id: { in: ids }, revokedAt: { not: null } }, select: { id: true } })
      .then((revoked) => {
        const gone = new Set(revoked.map((r) => r.id));
        for (const s of sockets) if (gone.has(displayOf(s).tokenId)) s.disconnect(true);
      })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'display token sweep failed'));
  }, options.revocationSweepMs ?? 30_000);
  sweep.unref();

  return {
    onEvent(event) {
      if (BOARD_CHANGES.has(event.type)) push(event.gate);
    },
    stop: () => clearInterval(sweep),
  };
}
