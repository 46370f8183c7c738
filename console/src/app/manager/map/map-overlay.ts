/**
 * What the map colours: for every waiting area its queue length and congestion level, for every
 * lane its status level and how many waiting trucks it could take. Computed from the live gate
 * board (snapshot + deltas), pure so the rules are unit-tested without Leaflet.
 */
import type { LaneViewMessage, Stage, TripPlacement } from '@borderflow/contracts';
import type { BoardQueueEntry, GateBoard } from '../../live/gate-board.ts';
import type { GateFeatureCollection, GateFeatureKind, GateFeatureProps } from './kim-thanh-gate.ts';

/** Waiting areas by fill; lanes by what they are doing. */
export type AreaLevel = 'empty' | 'low' | 'medium' | 'high';
export type LaneLevel = 'free' | 'busy' | 'paused' | 'closed';
export type Level = AreaLevel | LaneLevel | 'unknown';

export const AREA_LEVELS: readonly AreaLevel[] = ['empty', 'low', 'medium', 'high'];
export const LANE_LEVELS: readonly LaneLevel[] = ['free', 'busy', 'paused', 'closed'];

/** Fill colours of the legend (strokes are darker shades; text never sits on these fills). */
export const LEVEL_COLOURS: Record<Level, string> = {
  empty: '#bbf7d0',
  low: '#4ade80',
  medium: '#f59e0b',
  high: '#dc2626',
  free: '#16a34a',
  busy: '#2563eb',
  paused: '#f59e0b',
  closed: '#6b7280',
  unknown: '#d1d5db',
};

/** Share of an area's capacity at which it turns medium, then high. */
export const AREA_THRESHOLDS = { medium: 0.3, high: 0.7 } as const;

/** Kinds that carry a live figure. */
export const LIVE_KINDS: readonly GateFeatureKind[] = ['yard', 'perishable_area', 'entry_area', 'bridge', 'lane'];

export interface WaitingTruck {
  trip: TripPlacement;
  /** ms since it started waiting here (null: unknown). */
  since: number | null;
  stage: Stage | null;
}

export interface FeatureLive {
  id: string;
  kind: GateFeatureKind;
  level: Level;
  /** Trucks waiting there (areas) or that the lane could take next (lanes). */
  count: number;
  capacity: number | null;
  /** First trucks in line, for the details panel. */
  trucks: WaitingTruck[];
  /** Lanes only: the lane as the board has it. */
  lane: LaneViewMessage | null;
}

/**
 * @example
 * areaLevel(12, 250); // "low"
 */
export function areaLevel(count: number, capacity: number | null | undefined): AreaLevel {
  if (count <= 0) return 'empty';
  const ratio = count / Math.max(1, capacity ?? 1);
  if (ratio >= AREA_THRESHOLDS.high) return 'high';
  return ratio >= AREA_THRESHOLDS.medium ? 'medium' : 'low';
}

export function laneLevel(lane: Pick<LaneViewMessage, 'status' | 'occupancy'>): LaneLevel {
  if (lane.status === 'closed' || lane.status === 'maintenance') return 'closed';
  if (lane.status === 'paused') return 'paused';
  return lane.occupancy === 'idle' ? 'free' : 'busy';
}

const MAX_LISTED = 8;

function allQueued(board: GateBoard): Array<BoardQueueEntry & { stage: Stage }> {
  return (Object.entries(board.queues) as [Stage, readonly BoardQueueEntry[]][]).flatMap(([stage, entries]) =>
    entries.map((e) => ({ ...e, stage })),
  );
}

/** Which queued trucks wait in an area: exit yard = ordinary exit, perishable area, entry area. */
function waitsIn(props: GateFeatureProps, trip: TripPlacement): boolean {
  if (props.kind === 'perishable_area') return trip.direction === 'exit' && trip.priorityClass === 'perishable';
  if (props.kind === 'yard') return trip.direction === (props.direction ?? 'exit') && trip.priorityClass !== 'perishable';
  if (props.kind === 'entry_area') return trip.direction === 'entry';
  return false;
}

function laneCanTake(lane: LaneViewMessage, entry: BoardQueueEntry & { stage: Stage }): boolean {
  return (
    entry.trip.direction === lane.direction &&
    lane.capabilities.includes(entry.stage) &&
    (lane.classes.length === 0 || lane.classes.includes(entry.trip.priorityClass))
  );
}

const listed = (entries: Array<BoardQueueEntry & { stage: Stage }>): WaitingTruck[] =>
  [...entries]
    .sort((a, b) => a.since - b.since)
    .slice(0, MAX_LISTED)
    .map((e) => ({ trip: e.trip, since: e.since, stage: e.stage }));

/**
 * Live figures per feature id (only features with a live meaning). Without a board every live
 * feature is `unknown` (grey): the map still draws, and says it has no data.
 *
 * @example
 * const live = mapOverlay(KIM_THANH_GATE, board);
 * live.get('KT-X1')?.level; // "busy"
 */
export function mapOverlay(geometry: GateFeatureCollection, board: GateBoard | null): Map<string, FeatureLive> {
  const out = new Map<string, FeatureLive>();
  const queued = board ? allQueued(board) : [];
  for (const { properties: props } of geometry.features) {
    if (!LIVE_KINDS.includes(props.kind)) continue;
    const base = { id: props.id, kind: props.kind, capacity: props.capacity ?? null, trucks: [], lane: null, count: 0 };
    if (!board) {
      out.set(props.id, { ...base, level: 'unknown' });
      continue;
    }
    if (props.kind === 'lane') {
      const lane = board.lanes.find((l) => l.id === props.id) ?? null;
      if (!lane) {
        out.set(props.id, { ...base, level: 'unknown' });
        continue;
      }
      const line = queued.filter((e) => laneCanTake(lane, e));
      out.set(props.id, { ...base, level: laneLevel(lane), count: line.length, trucks: listed(line), lane });
    } else if (props.kind === 'bridge') {
      const trucks = board.exitQueue.map((trip) => ({ trip, since: trip.queuedAt, stage: null }));
      out.set(props.id, { ...base, level: areaLevel(trucks.length, props.capacity), count: trucks.length, trucks: trucks.slice(0, MAX_LISTED) });
    } else {
      const line = queued.filter((e) => waitsIn(props, e.trip));
      out.set(props.id, { ...base, level: areaLevel(line.length, props.capacity), count: line.length, trucks: listed(line) });
    }
  }
  return out;
}
