/** The lane board and the operators' lane commands. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { z } from 'zod';
import { defineRoute } from './define-route.ts';
import { ZRestLaneViewSchema } from '../live-times.ts';
import { ZCompleteInspectionRequestSchema, ZLaneStatusActionRequestSchema, ZLaneTripActionRequestSchema } from '../lane-action.ts';
import { ZCommandResponseSchema, ZGateLaneParamsSchema, ZGateParamsSchema } from './params.ts';

export const ZLanesResponseSchema = z.object({
  gate: z.string(),
  seq: z.number().int(),
  lanes: z.array(ZRestLaneViewSchema),
});

/**
 * A command at a lane: on its status (open, pause, close, maintenance: a reason) or on the truck at it
 * (arrive, start: the trip). Same params and answer; the body says which.
 */
function laneCommand<B extends typeof ZLaneStatusActionRequestSchema | typeof ZLaneTripActionRequestSchema>(action: string, summary: string, body: B) {
  return defineRoute({
    method: 'post',
    path: `/v1/gates/:gate/lanes/:laneId/${action}`,
    summary,
    tag: 'operations',
    params: ZGateLaneParamsSchema,
    body,
    response: ZCommandResponseSchema,
    errors: [404, 409],
  });
}

export const LANE_ROUTES = {
  listLanes: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/lanes',
    summary: 'Every lane with its status, occupancy and current truck',
    tag: 'operations',
    params: ZGateParamsSchema,
    response: ZLanesResponseSchema,
    errors: [404],
  }),
  openLane: laneCommand('open', 'Open a lane: it takes the best waiting truck at once', ZLaneStatusActionRequestSchema),
  pauseLane: laneCommand('pause', 'Pause a lane: the truck in it finishes; no new call-ups', ZLaneStatusActionRequestSchema),
  closeLane: laneCommand('close', 'Close a lane: a truck called to it keeps its place and is called elsewhere', ZLaneStatusActionRequestSchema),
  laneMaintenance: laneCommand('maintenance', 'Take a lane out for maintenance (like close; shown apart on the board)', ZLaneStatusActionRequestSchema),
  arriveAtLane: laneCommand('arrive', 'The called truck has reached the lane', ZLaneTripActionRequestSchema),
  startInspection: laneCommand('start', 'Inspection of the truck at the lane starts', ZLaneTripActionRequestSchema),
  completeInspection: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/lanes/:laneId/complete',
    summary: 'Record the outcome of the stage: cleared (next stage or exit queue), held, or turned back',
    tag: 'operations',
    params: ZGateLaneParamsSchema,
    body: ZCompleteInspectionRequestSchema,
    response: ZCommandResponseSchema,
    errors: [404, 409],
  }),
};
