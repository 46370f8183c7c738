/**
 * The gate drawn with Leaflet as vector layers (SVG paths) from the shipped GeoJSON: no tile
 * server needed. A tile layer is added only when a tile URL is configured. Waiting areas and
 * lanes are filled by their live level; clicking one selects it (the page shows its details).
 * Every live path carries data-feature / data-level / data-count for tests and tooling.
 */
import { useEffect, useMemo, useRef } from 'react';
import { divIcon, type PathOptions, type Polygon as LeafletPolygon, type Polyline as LeafletPolyline } from 'leaflet';
import { MapContainer, Marker, Polygon, Polyline, TileLayer, Tooltip, ZoomControl } from 'react-leaflet';
import type { LineString, Point, Polygon as GeoPolygon } from 'geojson';
import 'leaflet/dist/leaflet.css';
import { geometryBounds, type GateFeature, type GateFeatureCollection, type GateFeatureKind } from './kim-thanh-gate.ts';
import { LEVEL_COLOURS, type FeatureLive } from './map-overlay.ts';

export interface GateMapProps {
  geometry: GateFeatureCollection;
  live: ReadonlyMap<string, FeatureLive>;
  selected: string | null;
  onSelect(id: string): void;
  /** Translated feature names by id. */
  nameOf(feature: GateFeature): string;
  /** Short label drawn on a live feature (e.g. "KB1 · 12"). */
  labelOf(feature: GateFeature, live: FeatureLive): string;
  tileUrl?: string | null;
  /** The zoom buttons' names in the user's language (Leaflet's own are English only). */
  zoomLabels: { zoomIn: string; zoomOut: string };
}

const SELECTED = '#f59e0b';
/** Left out when framing the map: the river and the border run for kilometres; labels float. */
const FRAME_IGNORES: readonly GateFeatureKind[] = ['river', 'border', 'road', 'label'];

/** The look of features without live data, by kind. */
function staticStyle(feature: GateFeature): PathOptions {
  switch (feature.properties.kind) {
    case 'river':
      return { stroke: false, fillColor: '#7fb3e6', fillOpacity: 0.9, interactive: false };
    case 'border':
      return { color: '#b91c1c', weight: 3, dashArray: '10 6', interactive: false };
    case 'road':
      return { color: '#9ca3af', weight: 7, opacity: 0.9, lineCap: 'round', interactive: false };
    case 'control_area':
      return { color: '#4b5563', weight: 1.5, dashArray: '4 4', fillColor: '#e5e7eb', fillOpacity: 0.7, interactive: false };
    case 'control_gate':
      return { color: '#111827', weight: 5, interactive: false };
    default:
      return { color: '#374151', weight: 1.5, fillColor: LEVEL_COLOURS.unknown, fillOpacity: 0.85 };
  }
}

function liveStyle(feature: GateFeature, live: FeatureLive, selected: boolean): PathOptions {
  return {
    ...staticStyle(feature),
    fillColor: LEVEL_COLOURS[live.level],
    fillOpacity: feature.properties.kind === 'lane' ? 0.95 : 0.8,
    color: selected ? SELECTED : '#1f2937',
    weight: selected ? 4 : 1.5,
  };
}

const toLatLng = (positions: number[][]) => positions.map(([lng, lat]) => [lat!, lng!] as [number, number]);

function FeatureLayer({ feature, live, selected, onSelect, name, label }: {
  feature: GateFeature;
  live: FeatureLive | undefined;
  selected: boolean;
  onSelect(id: string): void;
  name: string;
  label: string | null;
}) {
  const ref = useRef<LeafletPolygon | null>(null);
  const lineRef = useRef<LeafletPolyline | null>(null);
  const id = feature.properties.id;
  const style = live ? liveStyle(feature, live, selected) : staticStyle(feature);
  // setStyle cannot change classes: the live level goes into data attributes on the SVG path.
  useEffect(() => {
    const el = (ref.current ?? lineRef.current)?.getElement();
    if (!el) return;
    el.setAttribute('data-feature', id);
    el.setAttribute('data-kind', feature.properties.kind);
    if (live) {
      el.setAttribute('data-level', live.level);
      el.setAttribute('data-count', String(live.count));
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', label ?? name);
    }
  });
  const handlers = useMemo(() => (live ? { click: () => onSelect(id) } : {}), [live, onSelect, id]);
  const tooltip = label ? (
    <Tooltip permanent direction="center" className={`map-label map-label-${feature.properties.kind}`} interactive={false}>
      {label}
    </Tooltip>
  ) : null;

  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') {
    return (
      <Polygon ref={ref} positions={(geometry as GeoPolygon).coordinates.map(toLatLng)} pathOptions={style} eventHandlers={handlers}
        bubblingMouseEvents={false}>
        {tooltip}
      </Polygon>
    );
  }
  if (geometry.type === 'LineString') {
    return <Polyline ref={lineRef} positions={toLatLng((geometry as LineString).coordinates)} pathOptions={style} />;
  }
  if (geometry.type === 'Point') {
    const [lng, lat] = (geometry as Point).coordinates as [number, number];
    const icon = divIcon({ className: 'map-place', html: '', iconSize: [0, 0] });
    return (
      <Marker position={[lat, lng]} icon={icon} interactive={false} keyboard={false}>
        <Tooltip permanent direction="center" className="map-label map-place-label">{name}</Tooltip>
      </Marker>
    );
  }
  return null;
}

/**
 * @example
 * <GateMap geometry={KIM_THANH_GATE} live={mapOverlay(KIM_THANH_GATE, board)} selected={null}
 *   onSelect={setSelected} nameOf={(f) => f.properties.name} labelOf={(f, l) => `${f.properties.id} · ${l.count}`}
 *   zoomLabels={{ zoomIn: 'Phóng to', zoomOut: 'Thu nhỏ' }} />
 */
export function GateMap({ geometry, live, selected, onSelect, nameOf, labelOf, tileUrl, zoomLabels }: GateMapProps) {
  // Frame the gate itself (yards, lanes, bridge), not the whole river: lanes must be big enough to read.
  const bounds = useMemo(
    () => geometryBounds({ ...geometry, features: geometry.features.filter((f) => !FRAME_IGNORES.includes(f.properties.kind)) }),
    [geometry],
  );
  return (
    <MapContainer className="gate-map" bounds={bounds} boundsOptions={{ padding: [24, 24] }} minZoom={13} maxZoom={20}
      zoomSnap={0.25} attributionControl={Boolean(tileUrl)} preferCanvas={false} zoomControl={false}>
      {/* Keyed by the labels: Leaflet reads a control's titles once, so a language change makes a new one. */}
      <ZoomControl key={`${zoomLabels.zoomIn}|${zoomLabels.zoomOut}`} position="topleft" zoomInTitle={zoomLabels.zoomIn} zoomOutTitle={zoomLabels.zoomOut} />
      {tileUrl ? <TileLayer url={tileUrl} maxZoom={20} maxNativeZoom={19} /> : null}
      {geometry.features.map((feature) => {
        const l = live.get(feature.properties.id);
        return (
          <FeatureLayer key={feature.properties.id} feature={feature} live={l} selected={selected === feature.properties.id}
            onSelect={onSelect} name={nameOf(feature)} label={l ? labelOf(feature, l) : null} />
        );
      })}
    </MapContainer>
  );
}
