/** The panel for the selected area or lane: its figures and the first trucks waiting there. */
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatPlate } from '../../shared/plate-format.ts';
import type { GateFeature } from './kim-thanh-gate.ts';
import type { FeatureLive } from './map-overlay.ts';

export interface FeatureDetailsProps {
  feature: GateFeature;
  live: FeatureLive;
  name: string;
  /** Server time (ms), for waits and time in lane. */
  now: number;
  onClose(): void;
}

export function FeatureDetails({ feature, live, name, now, onClose }: FeatureDetailsProps) {
  const { t, fmt } = useI18n();
  const lane = live.lane;
  return (
    <section className="map-details card" aria-labelledby="map-details-title" data-testid="map-details" data-feature={feature.properties.id}>
      <div className="map-details-head">
        <h2 id="map-details-title">{name}</h2>
        <button type="button" className="btn btn-small btn-secondary" onClick={onClose}>{t('action.close')}</button>
      </div>
      <p>
        <span className={`level-chip level-${live.level}`}>{t(`manager.level.${live.level}`)}</span>
      </p>
      <dl className="map-facts">
        {lane ? (
          <>
            <dt>{t('manager.details.status')}</dt>
            <dd>{t(`laneStatus.${lane.status}`)} · {t(`occ.${lane.occupancy}`)}</dd>
            <dt>{t('manager.details.direction')}</dt>
            <dd>{t(`dir.${lane.direction}`)}</dd>
            <dt>{t('manager.details.capabilities')}</dt>
            <dd>{lane.capabilities.map((s) => t(`stage.${s}`)).join(', ')}</dd>
            {lane.classes.length > 0 ? (
              <>
                <dt>{t('manager.details.classes')}</dt>
                <dd>{lane.classes.map((c) => t(`class.${c}`)).join(', ')}</dd>
              </>
            ) : null}
            <dt>{t('manager.details.current')}</dt>
            <dd data-testid="details-current">
              {lane.trip ? (
                <>
                  <strong>{formatPlate(lane.trip.plate)}</strong> · {lane.trip.stage ? t(`stage.${lane.trip.stage}`) : '—'}
                  {lane.since ? ` · ${fmt.duration(now - lane.since)}` : ''}
                  {lane.expectedServiceMs ? ` / ${fmt.duration(lane.expectedServiceMs)}` : ''}
                </>
              ) : (
                t('common.none')
              )}
            </dd>
            <dt>{t('manager.details.canTake')}</dt>
            <dd data-testid="details-count">{t('unit.trucks', { count: fmt.number(live.count) })}</dd>
          </>
        ) : (
          <>
            <dt>{t('manager.details.waiting')}</dt>
            <dd data-testid="details-count">
              {t('unit.trucks', { count: fmt.number(live.count) })}
              {live.capacity ? ` / ${fmt.number(live.capacity)}` : ''}
            </dd>
          </>
        )}
      </dl>
      <h3>{feature.properties.kind === 'bridge' ? t('manager.details.crossingNext') : t('manager.details.firstInLine')}</h3>
      {live.trucks.length === 0 ? (
        <p className="muted">{t('common.none')}</p>
      ) : (
        <ol className="map-trucks">
          {live.trucks.map((w) => (
            <li key={w.trip.id}>
              <strong>{formatPlate(w.trip.plate)}</strong>
              <span className={`badge badge-class-${w.trip.priorityClass}`}>{t(`class.${w.trip.priorityClass}`)}</span>
              {w.stage ? <span>{t(`stage.${w.stage}`)}</span> : null}
              {w.since ? <span className="muted">{t('manager.details.waited', { time: fmt.duration(now - w.since) })}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
