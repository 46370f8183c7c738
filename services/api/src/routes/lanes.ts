/**
 * /v1/gates/:gate/lanes — the lane board and the operators' lane commands.
 * Every command carries a commandId (the client's, or one generated here) so a
 * retried request is applied once and answered with the first result.
 */
import { ROUTES, restWire, type LaneStatus } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { operatorCommand } from './operator-command.ts';

const STATUS_ACTIONS = [
  { route: ROUTES.openLane, status: 'open' },
  { route: ROUTES.pauseLane, status: 'paused' },
  { route: ROUTES.closeLane, status: 'closed' },
  { route: ROUTES.laneMaintenance, status: 'maintenance' },
] as const satisfies ReadonlyArray<{ route: unknown; status: LaneStatus }>;

export function laneRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listLanes, {
    permission: 'lane.list',
    handler: async ({ params }) => {
      // Lanes only: a whole snapshot would also project every queue (one read per waiting truck) to throw it away.
      const scheduler = schedulerOf(ctx, params.gate);
      const { views, meta } = await scheduler.reader.lanes();
      return { gate: scheduler.gate, seq: Number(meta.seq ?? 0), lanes: views.map(restWire.lane) };
    },
  });

  for (const { route, status } of STATUS_ACTIONS) {
    api.route(route, {
      permission: 'lane.command',
      handler: async ({ params, body, req }) => {
        return operatorCommand(ctx, req, params.gate, body.commandId, 'setLaneStatus', (s, meta) =>
          s.setLaneStatus({ laneId: params.laneId, status, reason: body.reason, ...meta }), (commandId) => ({
          action: 'lane.status',
          targetType: 'lane',
          targetId: params.laneId,
          gateCode: params.gate,
          reason: body.reason,
          detail: { status, commandId },
        }));
      },
    });
  }

  const tripActions = [
    { route: ROUTES.arriveAtLane, command: 'arriveAtLane' },
    { route: ROUTES.startInspection, command: 'startInspection' },
  ] as const;
  for (const { route, command } of tripActions) {
    api.route(route, {
      permission: 'lane.command',
      handler: ({ params, body, req }) =>
        operatorCommand(ctx, req, params.gate, body.commandId, command, (s, meta) => {
          const input = { laneId: params.laneId, tripId: body.tripId, ...meta };
          return command === 'arriveAtLane' ? s.arriveAtLane(input) : s.startInspection(input);
        }),
    });
  }

  api.route(ROUTES.completeInspection, {
    permission: 'lane.command',
    handler: ({ params, body, req }) =>
      operatorCommand(ctx, req, params.gate, body.commandId, 'complete', (s, meta) =>
        s.complete({ laneId: params.laneId, tripId: body.tripId, outcome: body.outcome, note: body.note, ...meta })),
  });
}
