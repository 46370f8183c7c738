import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
// The scheduler's lanes (services/scheduler/src/kim-thanh-lanes.ts) and the database seed both come
// from the gate's data file in contracts: the map must draw exactly those lanes, where the seed puts them.
import { KIM_THANH_GATE_SEED, KIM_THANH_LANE_SEED, KIM_THANH_YARD_SEED } from '@borderflow/contracts';
import { geometryBounds, KIM_THANH_GATE, MAP_LANE_IDS, type GateFeature } from './kim-thanh-gate.ts';

const byId = (id: string) => KIM_THANH_GATE.features.find((f) => f.properties.id === id);

/** Ray casting on the outer ring. */
function inside(position: Position, polygon: Polygon): boolean {
  const [lng, lat] = position as [number, number];
  const ring = polygon.coordinates[0]!;
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

const polygons = KIM_THANH_GATE.features.filter((f): f is GateFeature<Polygon> => f.geometry.type === 'Polygon');

describe('Kim Thành gate geometry', () => {
  it('has one lane feature per scheduler lane, and no other lanes', () => {
    expect([...MAP_LANE_IDS].sort()).toEqual(KIM_THANH_LANE_SEED.map((l) => l.code).sort());
    for (const lane of KIM_THANH_LANE_SEED) expect(byId(lane.code)?.properties.direction, lane.code).toBe(lane.direction);
  });

  it('has the yards, the perishable area, control gates, the bridge and the border line', () => {
    const kinds = new Set(KIM_THANH_GATE.features.map((f) => f.properties.kind));
    for (const kind of ['yard', 'perishable_area', 'control_gate', 'bridge', 'border'] as const) expect(kinds.has(kind), kind).toBe(true);
    expect(byId('border')?.geometry.type).toBe('LineString');
    expect(new Set(KIM_THANH_GATE.features.map((f) => f.properties.id)).size).toBe(KIM_THANH_GATE.features.length);
  });

  it.each(polygons.map((f) => [f.properties.id, f] as const))('%s is a closed ring of at least 4 positions', (_id, f) => {
    for (const ring of f.geometry.coordinates) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring.at(-1)).toEqual(ring[0]);
    }
  });

  it('puts the seed lane points inside their lanes and the yard point inside KB1', () => {
    for (const seed of KIM_THANH_LANE_SEED) {
      expect(inside([seed.lng, seed.lat], byId(seed.code)!.geometry as Polygon), seed.code).toBe(true);
    }
    expect(inside([KIM_THANH_YARD_SEED.lng, KIM_THANH_YARD_SEED.lat], byId('KB1')!.geometry as Polygon)).toBe(true);
    expect(inside([KIM_THANH_GATE_SEED.lng, KIM_THANH_GATE_SEED.lat], byId('control-area')!.geometry as Polygon)).toBe(true);
  });

  it('keeps lanes apart and the bridge across the border', () => {
    const lanes = polygons.filter((f) => f.properties.kind === 'lane');
    for (const a of lanes) {
      for (const b of lanes) {
        if (a === b) continue;
        for (const corner of a.geometry.coordinates[0]!) expect(inside(corner, b.geometry), `${a.properties.id} in ${b.properties.id}`).toBe(false);
      }
    }
    const [[south], [north]] = geometryBounds({ type: 'FeatureCollection', features: [byId('bridge')!] });
    expect(south).toBeLessThan(22.5284); // the border's latitude at the bridge
    expect(north).toBeGreaterThan(22.5284);
  });

  it('lies around Lào Cai – Hekou', () => {
    const [[south, west], [north, east]] = geometryBounds(KIM_THANH_GATE);
    expect(south).toBeGreaterThan(22.5);
    expect(north).toBeLessThan(22.55);
    expect(west).toBeGreaterThan(103.93);
    expect(east).toBeLessThan(103.99);
  });
});
