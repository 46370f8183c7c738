/**
 * /manager/map — the throughput map: the gate's geometry coloured live by the `/live` gate feed
 * (snapshot + deltas), today's figures from the stats endpoint, a legend, a details panel for
 * the clicked area or lane, and the same areas as a keyboard-friendly list.
 */
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useLiveGate } from '../../live/use-live-gate.ts';
import { ConnectionBadge } from '../../live/connection-badge.tsx';
import { useNow } from '../../live/use-now.ts';
import { useGateStats } from '../use-gate-stats.ts';
import { lastDays } from '../report-range.ts';
import { GateMap } from './gate-map.tsx';
import { KIM_THANH_GATE, type GateFeature } from './kim-thanh-gate.ts';
import { LEVEL_COLOURS, mapOverlay, type FeatureLive } from './map-overlay.ts';
import { MapLegend } from './map-legend.tsx';
import { FeatureDetails } from './feature-details.tsx';
import { MapKpis } from './map-kpis.tsx';
import { TileSettings } from './tile-settings.tsx';
import { configuredTileUrl } from './map-settings.ts';
import '../manager.css';

/** Names drawn on the map: areas with their count; lanes (narrow) by their id without the gate prefix. */
function shortLabel(feature: GateFeature, live: FeatureLive, name: string): string {
  if (feature.properties.kind === 'lane') return feature.properties.id.replace(/^KT-/, '');
  return `${name} · ${live.count}`;
}

export default function MapPage() {
  const { t, tAny } = useI18n();
  const { data: board, connection, clockOffsetMs } = useLiveGate('KT');
  const [today] = useState(() => lastDays(1));
  const stats = useGateStats('KT', today);
  const now = useNow() + clockOffsetMs;
  const [selected, setSelected] = useState<string | null>(null);
  const [tileUrl, setTileUrl] = useState(configuredTileUrl);

  const live = useMemo(() => mapOverlay(KIM_THANH_GATE, board), [board]);
  const nameOf = useCallback((f: GateFeature) => tAny(`manager.feature.${f.properties.id}`, undefined, f.properties.name), [tAny]);
  const labelOf = useCallback((f: GateFeature, l: FeatureLive) => shortLabel(f, l, nameOf(f)), [nameOf]);
  const liveFeatures = KIM_THANH_GATE.features.filter((f) => live.has(f.properties.id));
  const selectedFeature = liveFeatures.find((f) => f.properties.id === selected) ?? null;
  const selectedLive = selected ? live.get(selected) : undefined;

  return (
    <section className="page map-page" data-testid="map-page">
      <div className="page-head">
        <h1>{t('manager.map.title')}</h1>
        <ConnectionBadge state={connection} />
      </div>
      <MapKpis board={board} stats={stats.stats} />
      <div className="map-layout">
        <div className="map-frame" data-testid="gate-map" data-live={board ? 'yes' : 'no'}>
          <GateMap geometry={KIM_THANH_GATE} live={live} selected={selected} onSelect={setSelected} nameOf={nameOf} labelOf={labelOf} tileUrl={tileUrl}
            zoomLabels={{ zoomIn: t('manager.map.zoomIn'), zoomOut: t('manager.map.zoomOut') }} />
          {!board ? <p className="map-nodata banner banner-warn">{t('manager.map.noLiveData')}</p> : null}
        </div>
        <aside className="map-side">
          {selectedFeature && selectedLive ? (
            <FeatureDetails feature={selectedFeature} live={selectedLive} name={nameOf(selectedFeature)} now={now} onClose={() => setSelected(null)} />
          ) : (
            <p className="muted map-hint">{t('manager.map.hint')}</p>
          )}
          <section className="card map-areas" aria-labelledby="map-areas-title">
            <h2 id="map-areas-title">{t('manager.map.areas')}</h2>
            <ul>
              {liveFeatures.map((f) => {
                const l = live.get(f.properties.id)!;
                return (
                  <li key={f.properties.id}>
                    <button type="button" className="map-area-button" aria-pressed={selected === f.properties.id}
                      data-testid={`area-${f.properties.id}`} data-level={l.level} onClick={() => setSelected(f.properties.id)}>
                      <span className="swatch" style={{ background: LEVEL_COLOURS[l.level] }} aria-hidden="true" />
                      <span className="map-area-name">{nameOf(f)}</span>
                      <span className="map-area-count">{l.count}</span>
                      <span className="visually-hidden">{t(`manager.level.${l.level}`)}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
          <MapLegend />
          <TileSettings value={tileUrl} onChange={setTileUrl} />
        </aside>
      </div>
    </section>
  );
}
