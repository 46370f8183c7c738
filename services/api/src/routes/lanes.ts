/**
 * /v1/gates/:gate/lanes — the lane board and the operators' lane commands.
 * Every command carries a commandId (the client's, or one generated here) so a
 * retried request is applied once and answered with the first result.
 */
import { z } from 'zod';
import {
  ZCompleteInspectionRequestSchema,
  ZLaneStatusActionRequestSchema,
  ZLaneTripActionRequestSchema,
  ZLaneViewSchema,
  type LaneStatus,
} from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { operatorCommand } from './operator-command.ts';
import { ZCommandResponseSchema, ZGateLaneParamsSchema, ZGateParamsSchema } from './gate-params.ts';

export const ZLanesResponseSchema = z.object({
  gate: z.string(),
  seq: z.number().int(),
  lanes: z.array(ZLaneViewSchema),
});

const STAFF = ['operator', 'manager', 'admin'] as const;
const OPERATORS = ['operator', 'admin'] as const;

const STATUS_ACTIONS: Array<{ action: string; status: LaneStatus; summary: string }> = [
  { action: 'open', status: 'open', summary: 'Open a lane: it takes the best waiting truck at once' },
  { action: 'pause', status: 'paused', summary: 'Pause a lane: the truck in it finishes; no new call-ups' },
  { action: 'close', status: 'closed', summary: 'Close a lane: a truck called to it keeps its place and is called elsewhere' },
  { action: 'maintenance', status: 'maintenance', summary: 'Take a lane out for maintenance (like close; shown apart on the board)' },
];

export function laneRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/gates/:gate/lanes',
    summary: 'Every lane with its status, occupancy and current truck',
    tag: 'operations',
    access: STAFF,
    params: ZGateParamsSchema,
    response: ZLanesResponseSchema,
    errors: [404],
    handler: async ({ params }) => {
      // Lanes only: a whole snapshot would also project every queue (one read per waiting truck) to throw it away.
      const scheduler = schedulerOf(ctx, params.gate);
      const { views, meta } = await scheduler.reader.lanes();
      return { gate: scheduler.gate, seq: Number(meta.seq ?? 0), lanes: views };
    },
  });

  for (const { action, status, summary } of STATUS_ACTIONS) {
    api.route({
      method: 'post',
      path: `/v1/gates/:gate/lanes/:laneId/${action}`,
      summary,
      tag: 'operations',
      access: OPERATORS,
      params: ZGateLaneParamsSchema,
      body: ZLaneStatusActionRequestSchema,
      response: ZCommandResponseSchema,
      errors: [404, 409],
      handler: ({ params, body, req }) =>
        operatorCommand(ctx, req, params.gate, body.commandId, 'setLaneStatus', (s, meta) =>
          s.setLaneStatus({ laneId: params.laneId, status, reason: body.reason, ...meta })),
    });
  }

  const tripActions = [
    { action: 'arrive', command: 'arriveAtLane', summary: 'The called truck has reached the lane' },
    { action: 'start', command: 'startInspection', summary: 'Inspection of the truck at the lane starts' },
  ] as const;
  for (const { action, command, summary } of tripActions) {
    api.route({
      method: 'post',
      path: `/v1/gates/:gate/lanes/:laneId/${action}`,
      summary,
      tag: 'operations',
      access: OPERATORS,
      params: ZGateLaneParamsSchema,
      body: ZLaneTripActionRequestSchema,
      response: ZCommandResponseSchema,
      errors: [404, 409],
      handler: ({ params, body, req }) =>
        operatorCommand(ctx, req, params.gate, body.commandId, command, (s, meta) => {
          const input = { laneId: params.laneId, tripId: body.tripId, ...meta };
          return command === 'arriveAtLane' ? s.arriveAtLane(input) : s.startInspection(input);
        }),
    });
  }

  api.route({
    method: 'post',
    path: '/v1/gates/:gate/lanes/:laneId/complete',
    summary: 'Record the outcome of the stage: cleared (next stage or exit queue), held, or turned back',
    tag: 'operations',
    access: OPERATORS,
    params: ZGateLaneParamsSchema,
    body: ZCompleteInspectionRequestSchema,
    response: ZCommandResponseSchema,
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      operatorCommand(ctx, req, params.gate, body.commandId, 'complete', (s, meta) =>
        s.complete({ laneId: params.laneId, tripId: body.tripId, outcome: body.outcome, note: body.note, ...meta })),
  });
}
