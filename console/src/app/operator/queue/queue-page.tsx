/**
 * Who waits where, and why: per stage in the order the scheduler will call them, filtered by
 * stage, class and direction (kept in the URL, so a view can be bookmarked). Each row names the
 * rule that puts the truck there — its class slot in the published interleave, or aging after a
 * long wait — with the policy version, so a driver's "why did they go first?" has an answer.
 * Held trucks can be released here. A driver's bare perishable claim shows as "claimed, unconfirmed".
 */
import { ROUTES } from '@borderflow/client';
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
import { PriorityLabel } from '../../shared/priority-label.tsx';
import { useGateCode } from '../use-gate-code.ts';
import { newCommandId } from '../board/lane-actions.ts';
import { useTripPriorities } from './use-trip-priorities.ts';
import { parseQueueFilter, queueFilterQuery, queueRows, type QueueFilter, type QueueRow } from './queue-filter.ts';
import { queueBackupCsv } from './queue-backup.ts';
import { downloadCsv } from '../../manager/charts/csv.ts';
import './queue.css';
import { TableScroll } from '../../shared/table-scroll.tsx';
import { ColumnHeads } from '../../shared/column-heads.tsx';

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
                  .call(ROUTES.releaseHold, { params: { gate, tripId: trip.id }, body: { commandId: newCommandId() } })
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

/** One of the queue's filters: "all", then each value in the reader's language. */
function FilterSelect<V extends string>({ label, testId, value, all, options, onChange }: {
  label: string;
  testId: string;
  value: V | 'all';
  all: string;
  options: ReadonlyArray<readonly [V, string]>;
  onChange: (value: V | 'all') => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value as V | 'all')} data-testid={testId}>
        <option value="all">{all}</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
}

export function QueuePage() {
  const gate = useGateCode();
  const { t, fmt } = useI18n();
  const { navigate, location } = useRouter();
  const search = useSearchParams();
  const filter = useMemo(() => parseQueueFilter(search), [search]);
  const { data: board, connection, clockOffsetMs } = useLiveGate(gate);
  const priorities = useTripPriorities(gate);
  const now = useNow() + clockOffsetMs;
  const [shown, setShown] = useState(PAGE);
  const rows = useMemo(() => (board ? queueRows(board, filter) : []), [board, filter]);

  // Printing shows every row (the page draws PAGE at a time), then the browser's print dialog.
  const print = () => {
    setShown(rows.length);
    setTimeout(() => window.print(), 50);
  };

  const setFilter = (patch: Partial<QueueFilter>) => {
    setShown(PAGE);
    navigate(`${location.pathname}${queueFilterQuery({ ...filter, ...patch })}`, { replace: true });
  };

  return (
    <section className="page queue-page" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <ConnectionBadge state={connection} />
        {board ? (
          <div className="queue-backup no-print">
            <button type="button" className="btn btn-small" data-testid="queue-export-csv"
              onClick={() => downloadCsv(`borderflow-${gate}-queue-${new Date(now).toISOString().slice(0, 16).replace(':', '')}.csv`, queueBackupCsv(board, t, now))}>
              {t('queue.backup.csv')}
            </button>
            <button type="button" className="btn btn-small" data-testid="queue-print" onClick={print}>
              {t('queue.backup.print')}
            </button>
          </div>
        ) : null}
      </div>
      {board ? (
        <p className="muted queue-backup-note">
          <span className="no-print">{t('queue.backup.note')}</span>
          <span className="print-only">{t('queue.backup.printedAt', { time: fmt.dateTime(now), seq: fmt.number(board.seq) })}</span>
        </p>
      ) : null}
      <form className="card queue-filters no-print" role="search" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect label={t('queue.filter.stage')} testId="filter-stage" value={filter.stage} all={t('queue.filter.all')}
          options={STAGES.map((s) => [s, t(`stage.${s}`)] as const)} onChange={(stage) => setFilter({ stage })} />
        <FilterSelect label={t('queue.filter.class')} testId="filter-class" value={filter.priorityClass} all={t('queue.filter.all')}
          options={PRIORITY_CLASSES.map((c) => [c, t(`class.${c}`)] as const)} onChange={(priorityClass) => setFilter({ priorityClass })} />
        <FilterSelect label={t('queue.filter.direction')} testId="filter-direction" value={filter.direction} all={t('queue.filter.all')}
          options={[['exit', t('dir.exit')], ['entry', t('dir.entry')]] as const} onChange={(direction) => setFilter({ direction })} />
        <p className="queue-count" data-testid="queue-count">
          {t('unit.trucks', { count: fmt.number(rows.length) })}
        </p>
      </form>
      {board ? (
        <>
          <TableScroll className="card" label={t('queue.caption')}>
            <table className="table queue-table" data-testid="queue-table">
              <caption className="visually-hidden">{t('queue.caption')}</caption>
              <ColumnHeads keys={['queue.col.position', 'queue.col.plate', 'queue.col.stage', 'queue.col.class', 'queue.col.direction', 'queue.col.wait', 'queue.col.eta', 'queue.col.why']} />
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
                      <PriorityLabel priorityClass={row.trip.priorityClass} perishable={priorities.get(row.trip.id)?.perishable ?? 'none'} />
                    </td>
                    <td>{t(`dir.${row.trip.direction}`)}</td>
                    <td className="num">{fmt.duration(now - row.since)}</td>
                    <td className="num">{row.etaAt === null ? '—' : fmt.minutes(Math.max(0, row.etaAt - now))}</td>
                    <td>
                      <ReasonCell row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 ? <p className="muted empty">{t('queue.empty')}</p> : null}
          </TableScroll>
          {rows.length > shown ? (
            <button type="button" className="btn no-print" onClick={() => setShown((n) => n + PAGE)}>
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
          <section className="card print-only" aria-labelledby="lane-plan-title" data-testid="lane-plan">
            <h2 id="lane-plan-title">{t('queue.backup.lanes')}</h2>
            <table className="table">
              <ColumnHeads keys={['queue.backup.section.lane', 'queue.backup.col.position', 'queue.backup.col.plate', 'queue.backup.col.etaOrState']} />
              <tbody>
                {board.lanes.map((lane) => (
                  <tr key={lane.id}>
                    <th scope="row">{lane.id} <span lang="vi" translate="no">{lane.name}</span></th>
                    <td>{t(`laneStatus.${lane.status}`)}</td>
                    <td>{lane.trip ? formatPlate(lane.trip.plate) : '—'}</td>
                    <td>{lane.trip ? t(`tripState.${lane.trip.state}`) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p className="muted">{t('queue.policyNote', { version: fmt.number(board.policyVersion) })}</p>
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}
