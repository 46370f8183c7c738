import { describe, expect, it } from 'vitest';
import type { LaneViewMessage, TripPlacement } from '@borderflow/contracts';
import { routePath } from '@borderflow/contracts';
import { actionForKey, availableActions, laneActionRequest, type LaneActionCall } from './lane-actions.ts';

const trip = { id: 'trip-1', plate: '24C12345' } as TripPlacement;
const lane = (over: Partial<LaneViewMessage>) => ({ id: 'KT-X1', status: 'open', occupancy: 'idle', trip: null, ...over }) as LaneViewMessage;

describe('availableActions', () => {
  it('follows the lane’s occupancy and status', () => {
    expect(availableActions(lane({}))).toEqual(['pause', 'close', 'maintenance']);
    expect(availableActions(lane({ occupancy: 'called', trip }))).toEqual(['arrive', 'start', 'no_show', 'pause', 'close', 'maintenance']);
    expect(availableActions(lane({ occupancy: 'at_lane', trip }))).toEqual(['start', 'pause', 'close', 'maintenance']);
    expect(availableActions(lane({ occupancy: 'inspecting', trip, status: 'paused' }))).toEqual(['complete', 'open', 'close', 'maintenance']);
    expect(availableActions(lane({ status: 'closed' }))).toEqual(['open', 'maintenance']);
    expect(availableActions(lane({ status: 'maintenance' }))).toEqual(['open', 'close']);
  });

  it('binds keys only to what the lane allows', () => {
    expect(actionForKey(lane({ occupancy: 'inspecting', trip }), 'C')).toBe('complete');
    expect(actionForKey(lane({ occupancy: 'inspecting', trip }), 's')).toBeNull();
    expect(actionForKey(lane({ status: 'closed' }), 'p')).toBeNull();
  });
});

/** The call as it goes on the wire: the route table's path with the action's parameters. */
function wire(call: LaneActionCall) {
  return { path: routePath(call.route, call.params), body: call.body };
}

describe('laneActionRequest', () => {
  it('builds the API call of each action', () => {
    const l = lane({ occupancy: 'inspecting', trip });
    expect(wire(laneActionRequest('KT', l, 'pause', { reason: 'lunch', commandId: 'cmd-12345' }))).toEqual({
      path: '/v1/gates/KT/lanes/KT-X1/pause',
      body: { reason: 'lunch', commandId: 'cmd-12345' },
    });
    expect(wire(laneActionRequest('KT', l, 'complete', { outcome: 'held', note: 'seal broken', commandId: 'cmd-12345' }))).toEqual({
      path: '/v1/gates/KT/lanes/KT-X1/complete',
      body: { tripId: 'trip-1', outcome: 'held', note: 'seal broken', commandId: 'cmd-12345' },
    });
    expect(laneActionRequest('KT', l, 'start', { commandId: 'cmd-12345' }).body).toEqual({ tripId: 'trip-1', commandId: 'cmd-12345' });
    expect(wire(laneActionRequest('KT', l, 'no_show', { commandId: 'cmd-12345' }))).toEqual({
      path: '/v1/gates/KT/trips/trip-1/no-show',
      body: { commandId: 'cmd-12345' },
    });
  });
});
