/**
 * Who waits where, and why: per stage in the order the scheduler will call them, filtered by
 * stage, class and direction (kept in the URL, so a view can be bookmarked). Each row names the
 * rule that puts the truck there — its class slot in the published interleave, or aging after a
 * long wait — with the policy version, so a driver's "why did they go first?" has an answer.
 * Held trucks can be released here.
 */
import { useMemo, useState } from 'react';
import { PRIORITY_CLASSES, STAGES, type TripPlacement } from '@borderflow/contracts';
import { useApi, useAuth } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useNotices } from '../../notices/notice-center.tsx';
import { useRouter, useSearchParams } from '../../router/router.tsx';
import { useLiveGate } from '../../live/use-live-gate.ts';
import { useNow } from '../../live/use-now.ts';
import { ConnectionBadge } from '../../live/connection-badge.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import { Plate } from '../../shared/plate.tsx';
import { useGateCode } from '../use-gate-code.ts';
import { newCommandId } from '../board/lane-actions.ts';
import { parseQueueFilter, queueFilterQuery, queueRows, type QueueFilter, type QueueRow } from './queue-filter.ts';
import './queue.css';

/** Rows drawn at once; 5,000 waiting trucks stay responsive, the rest is one click away. */
const PAGE = 200;

function ReasonCell({ row }: { row: QueueRow }) {
  const { t, fmt } = useI18n();
  if (!row.reason) return <span className="muted">{t('queue.reason.live')}</span>;
  return (
    <span>
      {t(`rule.${row.reason.rule}`)} · {t(`class.${row.reason.priorityClass}`)} · {t('queue.reason.policy', { version: fmt.number(row.reason.policyVersion) })}
    </span>
  );
}

function HeldList({ held, gate }: { held: readonly TripPlacement[]; gate: string }) {
  const { t } = useI18n();
  const api = useApi();
  const { session } = useAuth();
  const { notify, notifyError } = useNotices();
  const canAct = session?.user.role === 'operator' || session?.user.role === 'admin';
  if (held.length === 0) return <p className="muted">{t('queue.held.none')}</p>;
  return (
    <ul className="held-list" data-testid="held-list">
      {held.map((trip) => (
        <li key={trip.id}>
          <Plate value={trip.plate} />{' '}
          <span className={`badge badge-class-${trip.priorityClass}`}>{t(`class.${trip.priorityClass}`)}</span>{' '}
          {canAct ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                api
                  .post(`/v1/gates/${encodeURIComponent(gate)}/trips/${encodeURIComponent(trip.id)}/release-hold`, { commandId: newCommandId() })
                  .then(() => notify({ kind: 'success', title: t('queue.held.released', { plate: formatPlate(trip.plate) }) }))
                  .catch((err: unknown) => notifyError(err))
              }
            >
              {t('queue.held.release')}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function QueuePage() {
  const gate = useGateCode();
  const { t, fmt } = useI18n();
  const { navigate, location } = useRouter();
  const search = useSearchParams();
  const filter = useMemo(() => parseQueueFilter(search), [search]);
  const { data: board, connection, clockOffsetMs } = useLiveGate(gate);
  const now = useNow() + clockOffsetMs;
  const [shown, setShown] = useState(PAGE);
  const rows = useMemo(() => (board ? queueRows(board, filter) : []), [board, filter]);

  const setFilter = (patch: Partial<QueueFilter>) => {
    setShown(PAGE);
    navigate(`${location.pathname}${queueFilterQuery({ ...filter, ...patch })}`, { replace: true });
  };

  return (
    <section className="page queue-page" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <ConnectionBadge state={connection} />
      </div>
      <form className="card queue-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('queue.filter.stage')}</span>
          <select className="input" value={filter.stage} onChange={(e) => setFilter({ stage: e.target.value as QueueFilter['stage'] })} data-testid="filter-stage">
            <option value="all">{t('queue.filter.all')}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('queue.filter.class')}</span>
          <select className="input" value={filter.priorityClass} onChange={(e) => setFilter({ priorityClass: e.target.value as QueueFilter['priorityClass'] })} data-testid="filter-class">
            <option value="all">{t('queue.filter.all')}</option>
            {PRIORITY_CLASSES.map((c) => (
              <option key={c} value={c}>
                {t(`class.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('queue.filter.direction')}</span>
          <select className="input" value={filter.direction} onChange={(e) => setFilter({ direction: e.target.value as QueueFilter['direction'] })} data-testid="filter-direction">
            <option value="all">{t('queue.filter.all')}</option>
            <option value="exit">{t('dir.exit')}</option>
            <option value="entry">{t('dir.entry')}</option>
          </select>
        </label>
        <p className="queue-count" data-testid="queue-count">
          {t('unit.trucks', { count: fmt.number(rows.length) })}
        </p>
      </form>
      {board ? (
        <>
          <div className="table-scroll card">
            <table className="table queue-table" data-testid="queue-table">
              <caption className="visually-hidden">{t('queue.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('queue.col.position')}</th>
                  <th scope="col">{t('queue.col.plate')}</th>
                  <th scope="col">{t('queue.col.stage')}</th>
                  <th scope="col">{t('queue.col.class')}</th>
                  <th scope="col">{t('queue.col.direction')}</th>
                  <th scope="col">{t('queue.col.wait')}</th>
                  <th scope="col">{t('queue.col.eta')}</th>
                  <th scope="col">{t('queue.col.why')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shown).map((row) => (
                  <tr key={`${row.stage}-${row.trip.id}`} data-trip={row.trip.id}>
                    <td className="num">{fmt.number(row.position)}</td>
                    <th scope="row">
                      <Plate value={row.trip.plate} />
                      {row.trip.noShows > 0 ? <span className="badge badge-occ-called"> {t('queue.noShows', { count: row.trip.noShows })}</span> : null}
                    </th>
                    <td>{t(`stage.${row.stage}`)}</td>
                    <td>
                      <span className={`badge badge-class-${row.trip.priorityClass}`}>{t(`class.${row.trip.priorityClass}`)}</span>
                    </td>
                    <td>{t(`dir.${row.trip.direction}`)}</td>
                    <td className="num">{fmt.duration(now - row.since)}</td>
                    <td className="num">{row.etaMs === null ? '—' : fmt.minutes(row.etaMs)}</td>
                    <td>
                      <ReasonCell row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 ? <p className="muted empty">{t('queue.empty')}</p> : null}
          </div>
          {rows.length > shown ? (
            <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE)}>
              {t('queue.more', { count: fmt.number(Math.min(PAGE, rows.length - shown)) })}
            </button>
          ) : null}
          <div className="queue-side">
            <section className="card" aria-labelledby="held-title">
              <h2 id="held-title">{t('queue.held.title', { count: fmt.number(board.held.length) })}</h2>
              <HeldList held={board.held} gate={gate} />
            </section>
            <section className="card" aria-labelledby="exit-title">
              <h2 id="exit-title">{t('queue.exit.title', { count: fmt.number(board.exitQueue.length) })}</h2>
              <p className="muted" translate={board.exitQueue.length ? 'no' : undefined}>
                {board.exitQueue
                  .slice(0, 12)
                  .map((trip) => formatPlate(trip.plate))
                  .join(' · ') || t('queue.exit.none')}
              </p>
            </section>
          </div>
          <p className="muted">{t('queue.policyNote', { version: fmt.number(board.policyVersion) })}</p>
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}
