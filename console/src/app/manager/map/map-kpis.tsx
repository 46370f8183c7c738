/** The figures above the map: who waits now (live) and today's throughput and waits (stats). */
import type { GateStats } from '@borderflow/contracts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { GateBoard } from '../../live/gate-board.ts';

export function MapKpis({ board, stats }: { board: GateBoard | null; stats: GateStats | null }) {
  const { t, fmt } = useI18n();
  const waiting = board ? Object.values(board.queues).reduce((n, q) => n + (q?.length ?? 0), 0) : null;
  const open = board ? board.lanes.filter((l) => l.status === 'open').length : null;
  const crossed = stats ? stats.trucksPerHour.reduce((n, h) => n + h.exit + h.entry, 0) : null;
  const wait = stats?.waitMs.ordinary?.p50 ?? null;
  const kpis: Array<[string, string, string]> = [
    ['waiting', t('manager.kpi.waiting'), waiting === null ? '—' : fmt.number(waiting)],
    ['held', t('manager.kpi.held'), board ? fmt.number(board.held.length) : '—'],
    ['exitQueue', t('manager.kpi.exitQueue'), board ? fmt.number(board.exitQueue.length) : '—'],
    ['lanes', t('manager.kpi.lanesOpen'), board ? `${open} / ${board.lanes.length}` : '—'],
    ['crossed', t('manager.kpi.crossedToday'), crossed === null ? '—' : fmt.number(crossed)],
    ['wait', t('manager.kpi.waitToday'), wait === null ? '—' : fmt.minutes(wait)],
  ];
  return (
    <dl className="kpis" data-testid="map-kpis">
      {kpis.map(([key, label, value]) => (
        <div key={key} className="kpi card" data-kpi={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
