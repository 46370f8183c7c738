/**
 * The board's offline state: a banner while the server cannot be reached, the count and list of
 * actions recorded but not yet sent, and the conflict report of actions the server did not apply
 * (what the operator did, when, on what they saw, and what the server said), each with "discard".
 */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import { LANE_ACTIONS } from './lane-actions.ts';
import { OFFLINE_MAX_AGE_MS, conflicts, type PendingAction } from './offline-queue.ts';
import { errorTitle, serverMessage } from '../../shared/error-words.ts';

/** "KT-X1 · Start inspection · 24C-123.45": which action on which lane and truck. */
function ActionLabel({ item }: { item: PendingAction }) {
  const { t } = useI18n();
  return (
    <>
      <strong translate="no">{item.laneId}</strong> · {t(LANE_ACTIONS[item.action].label)}
      {item.seen.plate ? (
        <>
          {' · '}
          <span translate="no">{formatPlate(item.seen.plate)}</span>
        </>
      ) : null}
      {item.input.reason ? (
        <>
          {' · '}
          <span translate="no">{item.input.reason}</span>
        </>
      ) : null}
    </>
  );
}

function ServerSaid({ item, all }: { item: PendingAction; all: readonly PendingAction[] }) {
  const { t, tAny } = useI18n();
  const c = item.conflict!;
  if (c.kind === 'too_old') return <>{t('board.offline.tooOld', { hours: OFFLINE_MAX_AGE_MS / 3_600_000 })}</>;
  if (c.kind === 'blocked') {
    const cause = all.find((i) => i.commandId === c.after);
    return <>{t('board.offline.blocked', { action: cause ? `${cause.laneId} ${t(LANE_ACTIONS[cause.action].label)}` : '—' })}</>;
  }
  return (
    <>
      {t('board.offline.serverSaid')}: {errorTitle(c.code, tAny)}
      {serverMessage(c.message) ? <span translate="no"> — {serverMessage(c.message)}</span> : null}
    </>
  );
}

function Item({ item, children }: { item: PendingAction; children?: ReactNode }) {
  const { t, tAny, fmt } = useI18n();
  // A status or occupancy this console has no words for (a newer server) shows as a dash, never its code.
  const saw = `${tAny(`laneStatus.${item.seen.status}`, undefined, t('common.dash'))}, ${tAny(`occ.${item.seen.occupancy}`, undefined, t('common.dash'))}`;
  return (
    <>
      <div>
        <ActionLabel item={item} />
      </div>
      <div className="muted small">
        {t('board.offline.actedAt', { time: fmt.time(item.at) })} · {t('board.offline.saw', { state: saw })}
      </div>
      {children}
    </>
  );
}

export function OfflinePanel({ offline, items, onDiscard }: { offline: boolean; items: readonly PendingAction[]; onDiscard(commandId: string): void }) {
  const { t } = useI18n();
  const refused = conflicts(items);
  const pending = items.filter((i) => !i.conflict);
  if (!offline && items.length === 0) return null;
  return (
    <section className="offline-panel" aria-label={t('board.offline.title')} data-testid="offline-panel">
      {offline ? (
        <p className="banner banner-bad" role="status" data-testid="offline-banner">
          {t('board.offline.banner')}
        </p>
      ) : null}
      {pending.length > 0 ? (
        <div className="offline-pending">
          <h2 data-testid="offline-pending-count">{t('board.offline.pending', { count: pending.length })}</h2>
          <ol>
            {pending.map((item) => (
              <li key={item.commandId} data-testid="offline-pending-item">
                <Item item={item} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="offline-conflicts" data-testid="offline-conflicts" role="alert">
          <h2>{t('board.offline.conflictsTitle', { count: refused.length })}</h2>
          <ol>
            {refused.map((item) => (
              <li key={item.commandId} data-testid="offline-conflict" data-kind={item.conflict!.kind} data-lane={item.laneId}>
                <Item item={item}>
                  <div className="offline-server-said" data-testid="offline-conflict-reason">
                    <ServerSaid item={item} all={items} />
                  </div>
                  <button type="button" className="btn btn-small btn-secondary" data-testid="offline-discard" onClick={() => onDiscard(item.commandId)}>
                    {t('board.offline.discard')}
                  </button>
                </Item>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

/** On a lane card: its actions recorded but not yet sent, and those in conflict. */
export function LanePending({ items }: { items: readonly PendingAction[] }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <ul className="lane-pending" data-testid="lane-pending">
      {items.map((item) => (
        <li key={item.commandId} data-state={item.conflict ? 'conflict' : 'pending'}>
          {item.conflict ? t('board.offline.conflict') : t('board.offline.notSent')}: {t(LANE_ACTIONS[item.action].label)}
        </li>
      ))}
    </ul>
  );
}
