/** Waits for the server to end a `/live` socket's session: `session_ended` (acknowledged) then the disconnect. */
import type { Socket } from 'socket.io-client';
import { LIVE_EVENTS } from '@borderflow/contracts';

/**
 * Resolves with the `session_ended` reason and the disconnect reason; rejects after `timeoutMs`.
 *
 * @example
 * const ended = sessionEnd(socket); await revoke(); expect(await ended).toEqual({ reason: 'revoked', disconnect: 'io server disconnect' });
 */
export function sessionEnd(socket: Socket, timeoutMs = 20_000): Promise<{ reason: string | null; disconnect: string }> {
  return new Promise((resolve, reject) => {
    let reason: string | null = null;
    const timer = setTimeout(() => reject(new Error(`socket was not disconnected within ${timeoutMs} ms`)), timeoutMs);
    socket.on(LIVE_EVENTS.sessionEnded, (m: { reason: string }, ack?: () => void) => {
      reason = m.reason;
      ack?.();
    });
    socket.once('disconnect', (why) => {
      clearTimeout(timer);
      resolve({ reason, disconnect: why });
    });
  });
}
