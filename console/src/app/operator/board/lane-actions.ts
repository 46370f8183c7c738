/**
 * What an operator can do with a lane right now, the key for each action, and the HTTP request
 * that does it. Pure, so the rules are unit-tested; the server remains the judge (a refused
 * command shows its message).
 */
import type { InspectionOutcome, LaneViewMessage } from '@borderflow/contracts';

export type LaneAction = 'open' | 'pause' | 'close' | 'maintenance' | 'arrive' | 'start' | 'complete' | 'no_show';

/** Keyboard shortcut per action (on the selected lane card). */
export const LANE_SHORTCUTS: Record<LaneAction, string> = {
  arrive: 'a',
  start: 's',
  complete: 'c',
  no_show: 'n',
  open: 'o',
  pause: 'p',
  close: 'x',
  maintenance: 'm',
};

/** Outcome keys inside the complete dialog. */
export const OUTCOME_SHORTCUTS: Record<InspectionOutcome, string> = { cleared: '1', held: '2', turned_back: '3' };

/** Actions that need a reason (kept in the event log and shown on the board). */
export const STATUS_ACTIONS: readonly LaneAction[] = ['open', 'pause', 'close', 'maintenance'];

/**
 * The actions a lane allows in its current status and occupancy, in button order.
 *
 * @example
 * availableActions({ status: 'open', occupancy: 'called', trip: {...} }); // ['arrive', 'start', 'no_show', 'pause', 'close', 'maintenance']
 */
export function availableActions(lane: Pick<LaneViewMessage, 'status' | 'occupancy' | 'trip'>): LaneAction[] {
  const actions: LaneAction[] = [];
  if (lane.trip) {
    if (lane.occupancy === 'called') actions.push('arrive', 'start', 'no_show');
    else if (lane.occupancy === 'at_lane') actions.push('start');
    else if (lane.occupancy === 'inspecting') actions.push('complete');
  }
  if (lane.status !== 'open') actions.push('open');
  if (lane.status === 'open') actions.push('pause');
  if (lane.status !== 'closed') actions.push('close');
  if (lane.status !== 'maintenance') actions.push('maintenance');
  return actions;
}

/** The action bound to `key` on this lane, if it is available. */
export function actionForKey(lane: Pick<LaneViewMessage, 'status' | 'occupancy' | 'trip'>, key: string): LaneAction | null {
  const k = key.toLowerCase();
  return availableActions(lane).find((a) => LANE_SHORTCUTS[a] === k) ?? null;
}

export interface LaneActionInput {
  reason?: string;
  outcome?: InspectionOutcome;
  note?: string;
  commandId: string;
}

/**
 * The request for an action: path and body (validated by the caller with the contracts' schemas).
 *
 * @example
 * laneActionRequest('KT', lane, 'pause', { reason: 'lunch', commandId });
 * // { path: '/v1/gates/KT/lanes/KT-X1/pause', body: { reason: 'lunch', commandId } }
 */
export function laneActionRequest(gate: string, lane: Pick<LaneViewMessage, 'id' | 'trip'>, action: LaneAction, input: LaneActionInput): { path: string; body: Record<string, unknown> } {
  const base = `/v1/gates/${encodeURIComponent(gate)}`;
  const lanePath = `${base}/lanes/${encodeURIComponent(lane.id)}`;
  const tripId = lane.trip?.id ?? '';
  switch (action) {
    case 'open':
    case 'pause':
    case 'close':
    case 'maintenance':
      return { path: `${lanePath}/${action}`, body: { reason: input.reason ?? '', commandId: input.commandId } };
    case 'arrive':
    case 'start':
      return { path: `${lanePath}/${action}`, body: { tripId, commandId: input.commandId } };
    case 'complete':
      return {
        path: `${lanePath}/complete`,
        body: { tripId, outcome: input.outcome, ...(input.note ? { note: input.note } : {}), commandId: input.commandId },
      };
    case 'no_show':
      return { path: `${base}/trips/${encodeURIComponent(tripId)}/no-show`, body: { commandId: input.commandId } };
  }
}

/** A fresh idempotency key: a retried submission of the same dialog is applied once. */
export function newCommandId(): string {
  return globalThis.crypto.randomUUID();
}
