/**
 * The Kim Thành gate (Lào Cai ↔ Hekou) as GeoJSON, shipped with the app so the map draws with no
 * tile server (gate networks often have none). Coordinates are approximate — good enough to
 * see where trucks wait, not a survey — and agree with the database seed (prisma/src/kim-thanh.ts):
 * the seed's lane points lie inside these lane outlines (kim-thanh-gate.test.ts checks it).
 *
 * GeoJSON order is [longitude, latitude]. China (Hekou) is north of the Red River; the border
 * follows the river. Exit lanes run north towards the bridge, entry lanes south from it.
 */
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon } from 'geojson';
import { KIM_THANH_LANE_SEED } from '@borderflow/contracts';

/** What a feature is; decides its style and which live figure colours it. */
export type GateFeatureKind =
  | 'river'
  | 'border'
  | 'road'
  | 'control_area'
  | 'yard'
  | 'perishable_area'
  | 'entry_area'
  | 'lane'
  | 'control_gate'
  | 'bridge'
  | 'label';

export interface GateFeatureProps {
  /** Stable id; lanes use the scheduler's lane id (KT-X1…). */
  id: string;
  kind: GateFeatureKind;
  /** Official (Vietnamese) name; the UI translates by id where it has a word for it. */
  name: string;
  /** Lanes: the direction they serve. */
  direction?: 'exit' | 'entry';
  /** Waiting areas: roughly how many trucks fit (sets the congestion thresholds). */
  capacity?: number;
}

export type GateFeature<G extends Geometry = Geometry> = Feature<G, GateFeatureProps>;
export type GateFeatureCollection = FeatureCollection<Geometry, GateFeatureProps>;

type Pos = [number, number];

/** A closed rectangle ring from its west/south/east/north edges. */
function rect(west: number, south: number, east: number, north: number): Polygon {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

function polygon(id: string, kind: GateFeatureKind, name: string, geometry: Polygon, extra: Partial<GateFeatureProps> = {}): GateFeature<Polygon> {
  return { type: 'Feature', id, properties: { id, kind, name, ...extra }, geometry };
}

function line(id: string, kind: GateFeatureKind, name: string, coordinates: Pos[]): GateFeature<LineString> {
  return { type: 'Feature', id, properties: { id, kind, name }, geometry: { type: 'LineString', coordinates } };
}

function label(id: string, name: string, at: Pos): GateFeature<Point> {
  return { type: 'Feature', id, properties: { id, kind: 'label', name }, geometry: { type: 'Point', coordinates: at } };
}

/** The border (thalweg of the Red River here), west to east. */
const BORDER: Pos[] = [
  [103.9545, 22.5262],
  [103.958, 22.5276],
  [103.9615, 22.5284],
  [103.9655, 22.5283],
  [103.97, 22.5292],
];

/** The river as a band either side of the border line. */
function riverBand(halfWidth: number): Polygon {
  const north = BORDER.map(([lng, lat]): Pos => [lng, lat + halfWidth]);
  const south = BORDER.map(([lng, lat]): Pos => [lng, lat - halfWidth]).reverse();
  const ring = [...north, ...south];
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** Lane outline: a strip centred on `lng`, 0.0003° (~30 m with its booth island) wide. */
function laneStrip(lng: number, south: number, north: number): Polygon {
  return rect(lng - 0.00015, south, lng + 0.00015, north);
}

/** Exit lanes: south end at the control area's yard side, north end at the exit barrier. */
const EXIT_SOUTH = 22.5266;
const EXIT_NORTH = 22.5272;
/** Entry lanes: north end at the entry barrier, south end towards the town. */
const ENTRY_SOUTH = 22.5258;
const ENTRY_NORTH = 22.5264;

export const KIM_THANH_GATE: GateFeatureCollection = {
  type: 'FeatureCollection',
  features: [
    polygon('river', 'river', 'Sông Hồng', riverBand(0.00035)),
    line('border', 'border', 'Đường biên giới Việt Nam – Trung Quốc', BORDER),
    line('road-exit', 'road', 'Đường nội bộ (xuất)', [[103.961, 22.5246], [103.9613, 22.5256], [103.9613, 22.5266]]),
    line('road-entry', 'road', 'Đường nội bộ (nhập)', [[103.9625, 22.5258], [103.9625, 22.5252], [103.9632, 22.5248], [103.9645, 22.5240]]),
    polygon('control-area', 'control_area', 'Khu kiểm soát liên hợp', rect(103.9608, 22.5255, 103.9632, 22.5274)),
    polygon('KB1', 'yard', 'Bãi chờ KB1', rect(103.9588, 22.5228, 103.9612, 22.5246), { capacity: 250, direction: 'exit' }),
    polygon('KB-P', 'perishable_area', 'Khu chờ hàng tươi', rect(103.9614, 22.5243, 103.9628, 22.5251), { capacity: 40, direction: 'exit' }),
    polygon('KB-N', 'entry_area', 'Bãi chờ nhập cảnh', rect(103.9634, 22.5258, 103.965, 22.5272), { capacity: 80, direction: 'entry' }),
    // One strip per lane of the gate's data file (contracts), centred on the lane's seed point.
    ...KIM_THANH_LANE_SEED.map((lane) =>
      lane.direction === 'exit'
        ? polygon(lane.code, 'lane', lane.name, laneStrip(lane.lng, EXIT_SOUTH, EXIT_NORTH), { direction: 'exit' })
        : polygon(lane.code, 'lane', lane.name, laneStrip(lane.lng, ENTRY_SOUTH, ENTRY_NORTH), { direction: 'entry' }),
    ),
    line('gate-exit', 'control_gate', 'Cổng kiểm soát xuất', [[103.9611, EXIT_NORTH + 0.00005], [103.96225, EXIT_NORTH + 0.00005]]),
    line('gate-entry', 'control_gate', 'Cổng kiểm soát nhập', [[103.96155, ENTRY_NORTH + 0.00005], [103.96265, ENTRY_NORTH + 0.00005]]),
    polygon('bridge', 'bridge', 'Cầu đường bộ Kim Thành', rect(103.9619, 22.5274, 103.9623, 22.5294), { capacity: 20 }),
    label('label-vn', 'Lào Cai – Việt Nam', [103.9598, 22.5252]),
    label('label-cn', 'Hà Khẩu (河口) – Trung Quốc', [103.9603, 22.5294]),
    label('label-river', 'Sông Hồng', [103.9572, 22.5281]),
  ],
};

/** The scheduler's lane ids this geometry draws (kim-thanh-gate.test.ts keeps it in step). */
export const MAP_LANE_IDS = KIM_THANH_GATE.features.filter((f) => f.properties.kind === 'lane').map((f) => f.properties.id);

/**
 * [[south, west], [north, east]] around every feature, for Leaflet's fitBounds.
 *
 * @example
 * map.fitBounds(geometryBounds(KIM_THANH_GATE));
 */
export function geometryBounds(collection: GateFeatureCollection): [[number, number], [number, number]] {
  let south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
  const visit = (pos: number[]) => {
    const [lng, lat] = pos as Pos;
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lng);
    east = Math.max(east, lng);
  };
  for (const f of collection.features) {
    const g = f.geometry;
    if (g.type === 'Point') visit(g.coordinates);
    else if (g.type === 'LineString') g.coordinates.forEach(visit);
    else if (g.type === 'Polygon') g.coordinates.forEach((ring) => ring.forEach(visit));
  }
  return [[south, west], [north, east]];
}
