/**
 * The LED board's live feed: one Socket.IO connection to `/display` with the display token. The
 * server sends the whole board on connect and on every change, so a reconnect (Socket.IO retries
 * by itself, backing off to 5 s) is complete with its first message. A refused token is final.
 */
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { DISPLAY_EVENTS, DISPLAY_NAMESPACE, ZCallUpBoardSchema, type CallUpBoard } from '@borderflow/contracts';

export type BoardConnection = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface BoardFeed {
  board: CallUpBoard | null;
  connection: BoardConnection;
}

/** @example const { board, connection } = useCallUpBoard(token); */
export function useCallUpBoard(token: string | null, url = ''): BoardFeed {
  const [state, setState] = useState<BoardFeed>({ board: null, connection: 'connecting' });
  useEffect(() => {
    if (!token) return;
    const socket = io(`${url}${DISPLAY_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
    socket.on(DISPLAY_EVENTS.board, (raw: unknown) => {
      const parsed = ZCallUpBoardSchema.safeParse(raw);
      // An older board (seq below the one shown) can trail a newer one after a reconnect: keep the newer.
      if (parsed.success) setState((s) => ({ connection: 'live', board: s.board && s.board.seq > parsed.data.seq ? s.board : parsed.data }));
    });
    socket.on('connect', () => setState((s) => ({ ...s, connection: 'live' })));
    socket.on('disconnect', () => setState((s) => ({ ...s, connection: 'reconnecting' })));
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'UNAUTHENTICATED') {
        socket.disconnect();
        setState((s) => ({ ...s, connection: 'refused' }));
      } else setState((s) => ({ ...s, connection: 'reconnecting' }));
    });
    return () => {
      socket.disconnect();
    };
  }, [token, url]);
  return state;
}
