/**
 * What an operator can do with a lane right now: each action is one object (LANE_ACTIONS) with its
 * guard, key, label, style and the HTTP request that does it. Pure, so the rules are unit-tested;
 * the server remains the judge (a refused command shows its message).
 */
import { ROUTES, type AnyRoute } from '@borderflow/contracts';
import type { InspectionOutcome, LaneViewMessage } from '@borderflow/contracts';

export type LaneAction = 'open' | 'pause' | 'close' | 'maintenance' | 'arrive' | 'start' | 'complete' | 'no_show';

type LaneState = Pick<LaneViewMessage, 'status' | 'occupancy' | 'trip'>;

export interface LaneActionInput {
  reason?: string;
  outcome?: InspectionOutcome;
  note?: string;
  commandId: string;
}

/** Where an action's request goes: the gate, the lane and the lane's trip. */
interface RequestTarget {
  gate: string;
  laneId: string;
  tripId: string;
}

/** An action's call: its route of the API's route table, the path parameters and the body. */
export interface LaneActionCall {
  route: AnyRoute;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * One lane action, whole: when the lane allows it (guard), its key, its label and button style, whether
 * it asks for a reason, and the request that performs it (command). Adding an action is one entry here
 * (plus its label in the i18n catalogues and its API route).
 */
export interface LaneActionSpec {
  /** Keyboard shortcut on the selected lane card. */
  key: string;
  /** i18n key of the button label. */
  label: `board.action.${LaneAction}`;
  /** Button classes on the lane card. */
  style: string;
  /** A lane status change: asks for a reason (kept in the event log and shown on the board). */
  needsReason: boolean;
  allowed(lane: LaneState): boolean;
  request(to: RequestTarget, input: LaneActionInput): LaneActionCall;
}

const STATUS_ROUTES = { open: ROUTES.openLane, pause: ROUTES.pauseLane, close: ROUTES.closeLane, maintenance: ROUTES.laneMaintenance };
const TRIP_ROUTES = { arrive: ROUTES.arriveAtLane, start: ROUTES.startInspection };

const statusAction = (action: 'open' | 'pause' | 'close' | 'maintenance', key: string, style: string, allowed: (lane: LaneState) => boolean): LaneActionSpec => ({
  key,
  label: `board.action.${action}`,
  style,
  needsReason: true,
  allowed,
  request: ({ gate, laneId }, input) => ({ route: STATUS_ROUTES[action], params: { gate, laneId }, body: { reason: input.reason ?? '', commandId: input.commandId } }),
});

const tripAction = (action: 'arrive' | 'start', key: string, style: string, allowed: (lane: LaneState) => boolean): LaneActionSpec => ({
  key,
  label: `board.action.${action}`,
  style,
  needsReason: false,
  allowed,
  request: ({ gate, laneId, tripId }, input) => ({ route: TRIP_ROUTES[action], params: { gate, laneId }, body: { tripId, commandId: input.commandId } }),
});

/** Every lane action, in button order. The server remains the judge: a refused command shows its message. */
export const LANE_ACTIONS: Readonly<Record<LaneAction, LaneActionSpec>> = {
  arrive: tripAction('arrive', 'a', 'btn', (l) => !!l.trip && l.occupancy === 'called'),
  start: tripAction('start', 's', 'btn btn-primary', (l) => !!l.trip && (l.occupancy === 'called' || l.occupancy === 'at_lane')),
  no_show: {
    key: 'n',
    label: 'board.action.no_show',
    style: 'btn btn-warn',
    needsReason: false,
    allowed: (l) => !!l.trip && l.occupancy === 'called',
    request: ({ gate, tripId }, input) => ({ route: ROUTES.markNoShow, params: { gate, tripId }, body: { commandId: input.commandId } }),
  },
  complete: {
    key: 'c',
    label: 'board.action.complete',
    style: 'btn btn-ok',
    needsReason: false,
    allowed: (l) => !!l.trip && l.occupancy === 'inspecting',
    request: ({ gate, laneId, tripId }, input) => ({
      route: ROUTES.completeInspection,
      params: { gate, laneId },
      body: { tripId, outcome: input.outcome, ...(input.note ? { note: input.note } : {}), commandId: input.commandId },
    }),
  },
  open: statusAction('open', 'o', 'btn btn-ok', (l) => l.status !== 'open'),
  pause: statusAction('pause', 'p', 'btn btn-warn', (l) => l.status === 'open'),
  close: statusAction('close', 'x', 'btn btn-danger', (l) => l.status !== 'closed'),
  maintenance: statusAction('maintenance', 'm', 'btn btn-secondary', (l) => l.status !== 'maintenance'),
};

const ACTION_ORDER = Object.keys(LANE_ACTIONS) as LaneAction[];

/** Keyboard shortcut per action (on the selected lane card). */
export const LANE_SHORTCUTS: Record<LaneAction, string> = Object.fromEntries(ACTION_ORDER.map((a) => [a, LANE_ACTIONS[a].key])) as Record<LaneAction, string>;

/** Outcome keys inside the complete dialog. */
export const OUTCOME_SHORTCUTS: Record<InspectionOutcome, string> = { cleared: '1', held: '2', turned_back: '3' };

/** Actions that need a reason (kept in the event log and shown on the board). */
export const STATUS_ACTIONS: readonly LaneAction[] = ACTION_ORDER.filter((a) => LANE_ACTIONS[a].needsReason);

/**
 * The actions a lane allows in its current status and occupancy, in button order.
 *
 * @example
 * availableActions({ status: 'open', occupancy: 'called', trip: {...} }); // ['arrive', 'start', 'no_show', 'pause', 'close', 'maintenance']
 */
export function availableActions(lane: LaneState): LaneAction[] {
  return ACTION_ORDER.filter((a) => LANE_ACTIONS[a].allowed(lane));
}

/** The action bound to `key` on this lane, if it is available. */
export function actionForKey(lane: LaneState, key: string): LaneAction | null {
  const k = key.toLowerCase();
  return availableActions(lane).find((a) => LANE_ACTIONS[a].key === k) ?? null;
}

/**
 * The call of an action: its route, path parameters and body (the server validates both).
 *
 * @example
 * laneActionRequest('KT', lane, 'pause', { reason: 'lunch', commandId });
 * // { route: ROUTES.pauseLane, params: { gate: 'KT', laneId: 'KT-X1' }, body: { reason: 'lunch', commandId } }
 */
export function laneActionRequest(gate: string, lane: Pick<LaneViewMessage, 'id' | 'trip'>, action: LaneAction, input: LaneActionInput): LaneActionCall {
  return laneActionCall({ gate, laneId: lane.id, tripId: lane.trip?.id ?? null }, action, input);
}

/** The same call from what an action recorded (the board's offline queue keeps ids, not the lane). */
export function laneActionCall(to: { gate: string; laneId: string; tripId: string | null }, action: LaneAction, input: LaneActionInput): LaneActionCall {
  return LANE_ACTIONS[action].request({ gate: to.gate, laneId: to.laneId, tripId: to.tripId ?? '' }, input);
}

/** A fresh idempotency key: a retried submission of the same dialog is applied once. */
export function newCommandId(): string {
  return globalThis.crypto.randomUUID();
}
