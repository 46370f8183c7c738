/**
 * The operators' lane board: every lane of the gate live, with its truck, its next trucks and
 * its actions. Keyboard: Tab or arrows move between lanes; on a lane, the letter on each
 * button runs it (S start, C complete then 1/2/3, N no-show, A arrived, O/P/X/M status); ?
 * lists the keys. Managers see the board without the actions.
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { SNAPSHOT_HEAD_PER_CLASS, type LaneViewMessage } from '@borderflow/contracts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { useLiveGate } from '../../live/use-live-gate.ts';
import { ConnectionBadge } from '../../live/connection-badge.tsx';
import { ServerClockProvider } from '../../live/server-clock.tsx';
import { nextForLane, sortLanes, type GateBoard } from '../../live/gate-board.ts';
import { useGateCode } from '../use-gate-code.ts';
import { AgencyHealthPanel } from '../health/agency-health-panel.tsx';
import { DeviceHealthPanel } from '../health/device-health-panel.tsx';
import { SignalPanel } from '../health/signal-panel.tsx';
import { BoardSummary } from './board-summary.tsx';
import { LaneCard, type NextTrucksSource } from './lane-card.tsx';
import { LaneActionDialog } from './lane-action-dialog.tsx';
import { ShortcutHelp } from './shortcut-help.tsx';
import { actionForKey, newCommandId, type LaneAction } from './lane-actions.ts';
import { useLaneActions } from './use-lane-action.ts';
import { OfflinePanel } from './offline-panel.tsx';
import type { PendingAction } from './offline-queue.ts';
import { useTripDetails } from './use-trip-details.ts';
import { usePagedCount, whenIdle } from './paged-lanes.ts';
import { prepareFormats, type PlainFormat } from '../../i18n/format.ts';
import { useDeferredFirst } from '../../shared/use-deferred-first.ts';
import './lane-board.css';

const DIRECT_ACTIONS: readonly LaneAction[] = ['arrive', 'start'];
/** The formats the board's first render shows (queue counts, cargo kg, waits in minutes). */
const BOARD_FORMATS: readonly PlainFormat[] = ['number', 'minutes'];

/** Moves focus to another lane card: by one (left/right) or by a row (up/down). */
function moveFocus(from: HTMLElement, key: string): boolean {
  const cards = [...(from.parentElement?.querySelectorAll<HTMLElement>(':scope > .lane') ?? [])];
  const index = cards.indexOf(from);
  if (index < 0) return false;
  const perRow = Math.max(1, cards.filter((c) => c.offsetTop === cards[0]!.offsetTop).length);
  const step = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : key === 'ArrowUp' ? -perRow : key === 'ArrowDown' ? perRow : 0;
  const target = step ? cards[index + step] : undefined;
  target?.focus();
  return target !== undefined;
}

const NONE: readonly PendingAction[] = [];

function LaneGrid({ board, nextTrucks, canAct, onAction, onKeyDown, pending }: {
  board: GateBoard;
  pending: ReadonlyMap<string, readonly PendingAction[]>;
  nextTrucks: NextTrucksSource;
  canAct: boolean;
  onAction(lane: LaneViewMessage, action: LaneAction): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>, lane: LaneViewMessage): void;
}) {
  const sorted = useMemo(() => sortLanes(board.lanes), [board.lanes]);
  // Visible lanes first, the rest when the browser is idle (paged-lanes.ts).
  const shown = usePagedCount(sorted.length);
  const lanes = useMemo(() => (shown < sorted.length ? sorted.slice(0, shown) : sorted), [sorted, shown]);
  const tripIds = useMemo(() => lanes.flatMap((l) => (l.trip ? [l.trip.id] : [])), [lanes]);
  const details = useTripDetails(tripIds);
  return (
    <div className="lanes" data-testid="lanes">
      {lanes.map((lane) => (
        <LaneCard
          key={lane.id}
          lane={lane}
          nextTrucks={nextTrucks}
          details={lane.trip ? details.get(lane.trip.id) : undefined}
          canAct={canAct}
          onAction={onAction}
          onKeyDown={onKeyDown}
          pending={pending.get(lane.id) ?? NONE}
        />
      ))}
    </div>
  );
}

export function LaneBoardPage() {
  const gate = useGateCode();
  const { t, locale } = useI18n();
  const { session } = useAuth();
  const { notifyError } = useNotices();
  // Paged: the lanes and their next trucks are drawn before the 5,000 waiting trucks of a busy gate are in.
  const { data: board, connection, error, clockOffsetMs, feed } = useLiveGate(gate, { paged: true });
  // The first snapshot's lanes are drawn in slices, not in one long task; deltas at once after that.
  const shown = useDeferredFirst(board);
  // While the socket connects and the snapshot travels, the page is idle: make the number formats
  // the first render needs now (one Intl format's locale data was 25–30 ms of that render).
  useEffect(() => whenIdle(() => prepareFormats(locale, BOARD_FORMATS)), [locale]);
  const nextTrucks = useMemo<NextTrucksSource>(
    () => ({
      subscribe: feed?.subscribe ?? (() => () => undefined),
      next: (lane) => {
        const current = feed?.getState().data;
        // As many as a paged snapshot's head holds per direction and class: exact before the pages are in.
        return current ? nextForLane(current, lane, SNAPSHOT_HEAD_PER_CLASS) : [];
      },
    }),
    [feed],
  );
  const { run: runAction, offline, items: offlineItems, discard } = useLaneActions(gate, connection);
  // Per lane, so a card re-renders only when the queue changes.
  const pendingByLane = useMemo(() => {
    const map = new Map<string, PendingAction[]>();
    for (const item of offlineItems) map.set(item.laneId, [...(map.get(item.laneId) ?? []), item]);
    return map;
  }, [offlineItems]);
  const [dialog, setDialog] = useState<{ lane: LaneViewMessage; action: LaneAction } | null>(null);
  const [help, setHelp] = useState(false);
  const canAct = session?.user.role === 'operator' || session?.user.role === 'admin';
  const onDeviceAlert = useMemo(() => (feed ? (listener: () => void) => feed.onDeviceAlert(() => listener()) : undefined), [feed]);
  // "?" opens the shortcut list from anywhere on the board, focused or not (an operator who just
  // arrived has focus nowhere), but never while typing a reason or a plate.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      setHelp((v) => !v);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onAction = useCallback(
    (lane: LaneViewMessage, action: LaneAction) => {
      if (DIRECT_ACTIONS.includes(action)) {
        runAction(lane, action, { commandId: newCommandId() }).catch((err: unknown) => notifyError(err, t('board.failed', { lane: lane.id })));
      } else {
        setDialog({ lane, action });
      }
    },
    [runAction, notifyError, t],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>, lane: LaneViewMessage) => {
      if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.startsWith('Arrow')) {
        if (moveFocus(event.currentTarget, event.key)) event.preventDefault();
        return;
      }
      if (!canAct) return;
      const action = actionForKey(lane, event.key);
      if (action) {
        event.preventDefault();
        onAction(lane, action);
      }
    },
    [canAct, onAction],
  );

  return (
    <section className="page board-page" aria-labelledby="board-title">
      <div className="page-head">
        <h1 id="board-title">{t('board.title')}</h1>
        <ConnectionBadge state={connection} />
        <button type="button" className="btn btn-small btn-secondary" onClick={() => setHelp((v) => !v)} aria-expanded={help}>
          {t('board.shortcuts.toggle')} <kbd>?</kbd>
        </button>
      </div>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      {error ? (
        <p className="banner banner-bad" role="alert">
          {t('board.liveError')}: {error.message}
        </p>
      ) : null}
      <OfflinePanel offline={offline} items={offlineItems} onDiscard={discard} />
      {shown ? (
        <>
          <BoardSummary board={shown} />
          <AgencyHealthPanel />
          <DeviceHealthPanel gate={gate} canDecide={canAct} onDeviceAlert={onDeviceAlert} />
          <SignalPanel gate={gate} canAct={canAct} onDeviceAlert={onDeviceAlert} />
          <ServerClockProvider offsetMs={clockOffsetMs}>
            <LaneGrid board={shown} nextTrucks={nextTrucks} canAct={canAct} onAction={onAction} onKeyDown={onKeyDown} pending={pendingByLane} />
          </ServerClockProvider>
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
      {dialog ? (
        <LaneActionDialog
          lane={board?.lanes.find((l) => l.id === dialog.lane.id) ?? dialog.lane}
          action={dialog.action}
          onClose={() => setDialog(null)}
          onSubmit={async (input) => {
            await runAction(dialog.lane, dialog.action, input);
            setDialog(null);
          }}
        />
      ) : null}
    </section>
  );
}
