/**
 * A socket lives no longer than its token: the handshake checks the token
 * and its revocation like an HTTP request; a timer disconnects the socket when
 * the token expires (the client reconnects with a fresh one); and a revocation
 * published by any API process (logout, disable, delete, role change)
 * disconnects the matching sockets this process holds.
 */
import type { Namespace, Socket } from 'socket.io';
import { LIVE_EVENTS } from '@borderflow/contracts';
import type { ApiContext } from '../context.ts';
import { verifyAccessToken, type AccessClaims } from '../auth/jwt.ts';
import type { RevocationMessage } from '../auth/session-revocations.ts';
import { API_KEY_PREFIX, authenticateApiKey } from '../auth/api-keys.ts';

/** What `socket.data` carries: plain JSON only, since the adapter persists it for connection-state recovery. */
interface SessionData {
  principal: AccessClaims;
}

/** Per-socket timer and state, kept beside the socket (a Timeout in socket.data would break the adapter's encoding). */
interface SessionGuard {
  expiryTimer?: NodeJS.Timeout;
  ended: boolean;
}

const guards = new WeakMap<Socket, SessionGuard>();

function guardOf(socket: Socket): SessionGuard {
  let guard = guards.get(socket);
  if (!guard) {
    guard = { ended: false };
    guards.set(socket, guard);
  }
  return guard;
}

const claimsOf = (socket: Socket): AccessClaims | undefined => (socket.data as Partial<SessionData> | undefined)?.principal;

/** Longest a single timer may be set for (Node caps timers at 2^31-1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Verifies a handshake token, including revocation; the socket keeps its claims.
 *
 * @example
 * socket.data = { principal: await authenticateSocket(ctx, token) };
 */
export async function authenticateSocket(ctx: Pick<ApiContext, 'auth' | 'revocations' | 'db'>, token: string): Promise<AccessClaims> {
  // A company's integration connects with its API key as the token (the same key as X-Api-Key over HTTP).
  if (token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(ctx.db, token);
  const claims = await verifyAccessToken(ctx.auth, token);
  await ctx.revocations.assertLive(claims);
  return claims;
}

/** How often a socket opened with an API key checks that the key is still valid (revocation reaches it within this). */
export const API_KEY_RECHECK_MS = 30_000;

/** How long a client has to acknowledge `session_ended` before it is cut off anyway. */
const END_ACK_MS = 1000;

/**
 * Stops the socket's data at once (leaves every room, refuses its requests),
 * tells the client why, then closes: it reconnects with a fresh token or signs
 * in again. With connection-state recovery an emit travels through the
 * adapter, so the close waits for the client's ack (or END_ACK_MS) instead of
 * racing the message.
 */
function end(socket: Socket, reason: 'expired' | 'revoked'): void {
  const session = guardOf(socket);
  if (session.ended) return;
  session.ended = true;
  clearTimeout(session.expiryTimer);
  for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
  socket.timeout(END_ACK_MS).emit(LIVE_EVENTS.sessionEnded, { reason }, () => socket.disconnect(true));
}

/**
 * Disconnects the socket when its token expires, and refuses its requests once its session ended.
 *
 * @example
 * nsp.on('connection', (socket) => { armTokenExpiry(socket); ... });
 */
export function armTokenExpiry(socket: Socket, keyLive?: () => Promise<boolean>): void {
  const session = guardOf(socket);
  const claims = claimsOf(socket);
  socket.use((_packet, next) => (session.ended ? next(new Error('UNAUTHENTICATED')) : next()));
  if (claims?.apiKey && keyLive) {
    // An API key has no expiry: it lives until revoked or rotated away, which is checked now and then.
    const check = () => void keyLive().then((live) => live || end(socket, 'revoked'), () => undefined);
    const timer = setInterval(check, API_KEY_RECHECK_MS);
    timer.unref();
    socket.once('disconnect', () => clearInterval(timer));
    return;
  }
  const ms = claims ? Math.min(Math.max(0, claims.exp * 1000 - Date.now()), MAX_TIMER_MS) : 0;
  session.expiryTimer = setTimeout(() => end(socket, 'expired'), ms);
  session.expiryTimer.unref();
  socket.once('disconnect', () => clearTimeout(session.expiryTimer));
}

function matches(claims: AccessClaims, message: RevocationMessage): boolean {
  if (claims.id !== message.userId) return false;
  if (message.sid !== undefined) return claims.sid === message.sid;
  return message.sv !== undefined && claims.sv < message.sv;
}

/**
 * Subscribes this process to revocations and disconnects its matching sockets.
 *
 * @example
 * const watcher = await watchRevocations(nsp, ctx);
 * await watcher.stop();
 */
export async function watchRevocations(nsp: Namespace, ctx: Pick<ApiContext, 'revocations'>): Promise<{ stop(): Promise<void> }> {
  const stop = await ctx.revocations.subscribe((message) => {
      for (const socket of nsp.sockets.values()) {
      const claims = claimsOf(socket);
      if (claims && matches(claims, message)) end(socket, 'revoked');
    }
  });
  return { stop };
}
