/**
 * The queue view's rows: waiting trucks of the chosen stage(s), class and direction, in call
 * order, each with why it stands there (class, wait, the policy rule). Pure, so the filter
 * is unit-tested.
 */
import { PRIORITY_CLASSES, STAGES, type Direction, type PriorityClass, type Stage } from '@borderflow/contracts';
import type { BoardQueueEntry, GateBoard } from '../../live/gate-board.ts';

export interface QueueFilter {
  stage: Stage | 'all';
  priorityClass: PriorityClass | 'all';
  direction: Direction | 'all';
}

export interface QueueRow extends BoardQueueEntry {
  stage: Stage;
  /** 1-based place in its stage queue (all classes and directions, as the scheduler calls). */
  position: number;
}

/**
 * @example
 * queueRows(board, { stage: 'xray', priorityClass: 'all', direction: 'exit' });
 */
export function queueRows(board: GateBoard, filter: QueueFilter): QueueRow[] {
  const rows: QueueRow[] = [];
  const stages = filter.stage === 'all' ? STAGES : [filter.stage];
  for (const stage of stages) {
    let position = 0;
    for (const entry of board.queues[stage] ?? []) {
      position++;
      if (filter.priorityClass !== 'all' && entry.trip.priorityClass !== filter.priorityClass) continue;
      if (filter.direction !== 'all' && entry.trip.direction !== filter.direction) continue;
      rows.push({ ...entry, stage, position });
    }
  }
  return rows;
}

/**
 * Reads the filter from the URL (`?stage=xray&class=perishable&direction=exit`); anything
 * unknown means "all".
 */
export function parseQueueFilter(params: URLSearchParams): QueueFilter {
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | 'all' =>
    value && (allowed as readonly string[]).includes(value) ? (value as T) : 'all';
  return {
    stage: pick(params.get('stage'), STAGES),
    priorityClass: pick(params.get('class'), PRIORITY_CLASSES),
    direction: pick(params.get('direction'), ['exit', 'entry'] as const),
  };
}

/** The URL query of a filter (only what is not "all"). */
export function queueFilterQuery(filter: QueueFilter): string {
  const params = new URLSearchParams();
  if (filter.stage !== 'all') params.set('stage', filter.stage);
  if (filter.priorityClass !== 'all') params.set('class', filter.priorityClass);
  if (filter.direction !== 'all') params.set('direction', filter.direction);
  const text = params.toString();
  return text ? `?${text}` : '';
}
