/** What the map's colours mean: waiting areas by how full they are, lanes by what they do. */
import { useI18n } from '../../i18n/i18n-context.tsx';
import { AREA_LEVELS, AREA_THRESHOLDS, LANE_LEVELS, LEVEL_COLOURS } from './map-overlay.ts';

export function MapLegend() {
  const { t, fmt } = useI18n();
  return (
    <section className="map-legend card" aria-labelledby="map-legend-title" data-testid="map-legend">
      <h2 id="map-legend-title">{t('manager.map.legend')}</h2>
      <p className="muted">{t('manager.map.legendAreas')}</p>
      <ul>
        {AREA_LEVELS.map((level) => (
          <li key={level}>
            <span className="swatch" style={{ background: LEVEL_COLOURS[level] }} aria-hidden="true" />
            {t(`manager.legendLevel.${level}`, { medium: fmt.percent(AREA_THRESHOLDS.medium), high: fmt.percent(AREA_THRESHOLDS.high) })}
          </li>
        ))}
      </ul>
      <p className="muted">{t('manager.map.legendLanes')}</p>
      <ul>
        {LANE_LEVELS.map((level) => (
          <li key={level}>
            <span className="swatch" style={{ background: LEVEL_COLOURS[level] }} aria-hidden="true" />
            {t(`manager.level.${level}`)}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: LEVEL_COLOURS.unknown }} aria-hidden="true" />
          {t('manager.level.unknown')}
        </li>
      </ul>
    </section>
  );
}
