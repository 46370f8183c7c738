import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { LaneViewMessage, TripPlacement } from '@borderflow/contracts';
import type { GateBoard } from '../../live/gate-board.ts';
import { renderWithApp } from '../../testing/render-app.tsx';
import { KIM_THANH_GATE } from './kim-thanh-gate.ts';
import { areaLevel, LEVEL_COLOURS, mapOverlay } from './map-overlay.ts';
import { GateMap } from './gate-map.tsx';

const NOW = Date.UTC(2025, 5, 1, 1);

function trip(id: string, over: Partial<TripPlacement> = {}): TripPlacement {
  return {
    id, state: 'queued', stages: ['documents', 'gate'], stageIndex: 0, stage: 'documents', priorityClass: 'ordinary',
    direction: 'exit', score: NOW, laneId: null, noShows: 0, deadline: null, plate: `24C${id}`, hold: false, queuedAt: NOW, ...over,
  };
}

function lane(id: string, direction: 'exit' | 'entry', over: Partial<LaneViewMessage> = {}): LaneViewMessage {
  return {
    id, name: id, direction, capabilities: ['gate', 'documents'], classes: [], status: 'open', occupancy: 'idle',
    trip: null, since: null, expectedServiceMs: null, ...over,
  };
}

const entry = (t: TripPlacement) => ({ trip: t, since: NOW, etaAt: null, reason: null });

const BOARD: GateBoard = {
  gate: 'KT',
  seq: 10,
  policyVersion: 1,
  lanes: [
    lane('KT-X1', 'exit', { occupancy: 'inspecting', trip: trip('c', { state: 'inspecting', laneId: 'KT-X1' }), since: NOW }),
    lane('KT-X2', 'exit', { status: 'paused' }),
    lane('KT-P1', 'exit', { classes: ['perishable'] }),
    lane('KT-N1', 'entry', { status: 'closed' }),
    lane('KT-N2', 'entry'),
    lane('KT-N3', 'entry', { status: 'maintenance' }),
  ],
  queues: {
    documents: [entry(trip('a')), entry(trip('b')), entry(trip('p', { priorityClass: 'perishable' })), entry(trip('n', { direction: 'entry' }))],
    xray: [entry(trip('x', { stage: 'xray' }))],
  },
  held: [],
  exitQueue: [trip('q', { state: 'exit_queue' })],
};

describe('mapOverlay', () => {
  it('colours areas by queue length against capacity', () => {
    expect(areaLevel(0, 250)).toBe('empty');
    expect(areaLevel(12, 250)).toBe('low');
    expect(areaLevel(100, 250)).toBe('medium');
    expect(areaLevel(200, 250)).toBe('high');
  });

  it('puts each waiting truck in its area and counts what each lane could take', () => {
    const live = mapOverlay(KIM_THANH_GATE, BOARD);
    expect(live.get('KB1')).toMatchObject({ count: 3, level: 'low' }); // a, b, x (ordinary exit)
    expect(live.get('KB-P')).toMatchObject({ count: 1, level: 'low' });
    expect(live.get('KB-N')).toMatchObject({ count: 1 });
    expect(live.get('bridge')).toMatchObject({ count: 1 });
    expect(live.get('KT-X1')).toMatchObject({ level: 'busy', count: 3 }); // documents: a, b, p (not x: no xray)
    expect(live.get('KT-P1')).toMatchObject({ level: 'free', count: 1 }); // perishable only
    expect(live.get('KT-X2')?.level).toBe('paused');
    expect(live.get('KT-N1')?.level).toBe('closed');
    expect(live.get('KT-N3')?.level).toBe('closed');
    expect(live.get('border')).toBeUndefined(); // static features carry no live figure
  });

  it('greys everything out without live data', () => {
    const live = mapOverlay(KIM_THANH_GATE, null);
    expect([...live.values()].every((l) => l.level === 'unknown')).toBe(true);
  });
});

describe('GateMap', () => {
  it('draws every feature as an SVG path (no tiles) with its live colour', () => {
    renderWithApp(
      <div style={{ width: 800, height: 600 }}>
        <GateMap geometry={KIM_THANH_GATE} live={mapOverlay(KIM_THANH_GATE, BOARD)} selected={null} onSelect={() => undefined}
          nameOf={(f) => f.properties.name} labelOf={(f, l) => `${f.properties.id} · ${l.count}`}
          zoomLabels={{ zoomIn: 'Phóng to', zoomOut: 'Thu nhỏ' }} />
      </div>,
    );
    // The zoom buttons speak the user's language, not Leaflet's English.
    expect(document.querySelector('.leaflet-control-zoom-in')?.getAttribute('title')).toBe('Phóng to');
    expect(document.querySelector('.leaflet-control-zoom-out')?.getAttribute('title')).toBe('Thu nhỏ');
    const paths = [...document.querySelectorAll<SVGPathElement>('path[data-feature]')];
    const drawn = new Set(paths.map((p) => p.getAttribute('data-feature')));
    for (const f of KIM_THANH_GATE.features) if (f.geometry.type !== 'Point') expect(drawn.has(f.properties.id), f.properties.id).toBe(true);
    const x2 = paths.find((p) => p.getAttribute('data-feature') === 'KT-X2')!;
    expect(x2.getAttribute('fill')).toBe(LEVEL_COLOURS.paused);
    expect(x2.getAttribute('data-level')).toBe('paused');
    expect(document.querySelectorAll('img.leaflet-tile')).toHaveLength(0);
    expect(screen.getByText('KB1 · 3')).toBeTruthy();
  });
});
