/**
 * Runs lane actions against the API, with the board's backup procedure for a network cut: an
 * action that cannot reach the server (network error, no answer, the live connection down) is
 * recorded in the signed-in operator's offline queue (offline-queue.ts) and replayed in order on
 * reconnect; a refusal (4xx) is thrown to the caller as before (the dialog keeps it; a one-key
 * action gets an error notice), and during a replay it becomes a conflict the operator resolves.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { routePath, type LaneViewMessage } from '@borderflow/contracts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import type { ConnectionState } from '../../live/live-feed.ts';
import { laneActionCall, type LaneAction, type LaneActionInput } from './lane-actions.ts';
import {
  OFFLINE_QUEUE_LIMIT,
  OfflineQueue,
  OfflineQueueFullError,
  classifyFailure,
  offlineQueueKey,
  pendingCount,
  replayQueue,
  type PendingAction,
  type SendResult,
} from './offline-queue.ts';

/** A command with no answer after this long counts as not sent (recorded; its commandId makes a late arrival harmless). */
export const LANE_COMMAND_TIMEOUT_MS = 15_000;
/** While actions wait, the board tries the server again this often (besides on the live feed's reconnect). */
export const OFFLINE_RETRY_MS = 10_000;

const NO_ITEMS: readonly PendingAction[] = [];
const noSubscription = () => () => undefined;
const LIVE = new Set<ConnectionState>(['connected', 'recovered', 'resynced']);

export interface LaneActions {
  /** 'sent': the server applied it; 'recorded': it waits in the offline queue. Throws the server's refusal. */
  run(lane: LaneViewMessage, action: LaneAction, input: LaneActionInput): Promise<'sent' | 'recorded'>;
  /** The server cannot be reached (a send failed, or the live connection is down). */
  offline: boolean;
  /** The signed-in operator's recorded actions at this gate, oldest first (pending and conflicts). */
  items: readonly PendingAction[];
  discard(commandId: string): void;
}

export function useLaneActions(gate: string, connection: ConnectionState): LaneActions {
  const { session, apiAs } = useAuth();
  const { t, locale } = useI18n();
  const { notify } = useNotices();
  const userId = session?.user.id ?? null;
  // The queue and the client belong to one user: a new user gets their own (empty) queue and never this one's token.
  const queue = useMemo(() => (userId ? new OfflineQueue(localStorage, offlineQueueKey(userId, gate)) : null), [userId, gate]);
  const client = useMemo(() => (userId ? apiAs(userId) : null), [apiAs, userId]);
  const items = useSyncExternalStore(queue?.subscribe ?? noSubscription, queue?.getItems ?? (() => NO_ITEMS));
  const [unreachable, setUnreachable] = useState(false);
  const offline = unreachable || connection === 'reconnecting';
  const localeRef = useRef(locale);
  localeRef.current = locale;

  const send = useCallback(
    async (item: Pick<PendingAction, 'gate' | 'laneId' | 'tripId' | 'action' | 'input'>): Promise<SendResult> => {
      if (!client) return { kind: 'unreachable', message: 'signed out' };
      const { route, params, body } = laneActionCall(item, item.action, item.input);
      try {
        // The path comes from the route table, the server checks the body; its refusal comes in the operator's language.
        await client.request(route.method.toUpperCase(), routePath(route, params), {
          body,
          headers: { 'accept-language': localeRef.current },
          signal: AbortSignal.timeout(LANE_COMMAND_TIMEOUT_MS),
        });
        return { kind: 'applied' };
      } catch (err) {
        const result = classifyFailure(err);
        if (result.kind === 'refused') throw err;
        return result;
      }
    },
    [client],
  );

  // The queue in use; null once unmounted: a replay in progress stops before its next send when the user changes or leaves.
  const queueRef = useRef<OfflineQueue | null>(null);
  useEffect(() => {
    queueRef.current = queue;
    return () => {
      if (queueRef.current === queue) queueRef.current = null;
    };
  }, [queue]);
  const replaying = useRef(false);
  const replay = useCallback(async () => {
    if (!queue || replaying.current || pendingCount(queue.getItems()) === 0) return;
    replaying.current = true;
    try {
      const outcome = await replayQueue(queue, (item) => send(item).catch((err: unknown) => classifyFailure(err)), {
        // Signed out or another user: the queue waits for its owner (apiAs sends no one else's token either).
        shouldContinue: () => queueRef.current === queue,
      });
      setUnreachable(outcome.stoppedUnreachable);
      if (outcome.applied > 0) notify({ kind: 'success', title: t('board.offline.replayed', { count: outcome.applied }) });
      if (outcome.refused > 0) notify({ kind: 'error', title: t('board.offline.conflicted', { count: outcome.refused }) });
    } finally {
      replaying.current = false;
    }
  }, [queue, send, notify, t]);

  // Another tab of the same user recorded, sent or discarded actions.
  useEffect(() => {
    if (!queue) return;
    const onStorage = (event: StorageEvent) => {
      if (event.key === queue.key || event.key === null) queue.reload();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [queue]);

  const waiting = pendingCount(items) > 0;
  // The live feed is back: send what waits (the feed reconnects by itself, with backoff).
  useEffect(() => {
    if (waiting && LIVE.has(connection)) void replay();
  }, [connection, waiting, replay]);
  // And try again now and then: HTTP may come back before (or without) the socket.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void replay(), OFFLINE_RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, replay]);

  const record = useCallback(
    (lane: LaneViewMessage, action: LaneAction, input: LaneActionInput) => {
      if (!queue) throw new Error(t('board.failed', { lane: lane.id }));
      try {
        queue.add({
          commandId: input.commandId,
          gate,
          laneId: lane.id,
          tripId: lane.trip?.id ?? null,
          action,
          input,
          at: Date.now(),
          seen: { status: lane.status, occupancy: lane.occupancy, plate: lane.trip?.plate ?? null },
        });
      } catch (err) {
        if (err instanceof OfflineQueueFullError) throw new Error(t('board.offline.full', { count: OFFLINE_QUEUE_LIMIT }));
        throw err;
      }
      notify({ kind: 'info', title: t('board.offline.recorded', { lane: lane.id }) });
      return 'recorded' as const;
    },
    [queue, gate, notify, t],
  );

  const run = useCallback(
    async (lane: LaneViewMessage, action: LaneAction, input: LaneActionInput): Promise<'sent' | 'recorded'> => {
      // Offline, or earlier actions still wait: record it behind them, so the server sees the operator's order.
      if (offline || (queue && pendingCount(queue.getItems()) > 0)) {
        const recorded = record(lane, action, input);
        if (!offline) void replay();
        return recorded;
      }
      const result = await send({ gate, laneId: lane.id, tripId: lane.trip?.id ?? null, action, input });
      if (result.kind === 'unreachable') {
        setUnreachable(true);
        return record(lane, action, input);
      }
      setUnreachable(false);
      notify({ kind: 'success', title: t(`board.done.${action}`, { lane: lane.id, plate: formatPlate(lane.trip?.plate) }) });
      return 'sent';
    },
    [offline, queue, record, replay, send, gate, notify, t],
  );

  const discard = useCallback((commandId: string) => queue?.discard(commandId), [queue]);
  return { run, offline, items, discard };
}
