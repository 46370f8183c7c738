/**
 * /v1/gates/:gate/queue — who waits for which stage, in the order they will be
 * called, with ETA and the rule that puts them there; plus the operator's
 * commands on a waiting truck (no-show, release of a hold placed at a lane:
 * an agency's hold is released only by that agency).
 */
import { ROUTES, restWire } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { operatorCommand } from './operator-command.ts';
import { assertOperatorMayRelease } from '../agency/hold-ownership.ts';

export function queueRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.readQueue, {
    permission: 'gate.queue',
    handler: async ({ params }) => {
      const s = await schedulerOf(ctx, params.gate).snapshot();
      const waiting = Object.values(s.queues).reduce((n, q) => n + (q?.length ?? 0), 0);
      return {
        gate: s.gate,
        seq: s.seq,
        policyVersion: s.policyVersion,
        queues: restWire.queues(s.queues),
        held: s.held.map(restWire.placement),
        exitQueue: s.exitQueue.map(restWire.placement),
        backlog: waiting + s.held.length + s.exitQueue.length,
      };
    },
  });

  api.route(ROUTES.markNoShow, {
    permission: 'gate.no-show',
    handler: ({ params, body, req }) =>
      operatorCommand(ctx, req, params.gate, body.commandId, 'markNoShow', (s, meta) =>
        s.markNoShow({ tripId: params.tripId, ...meta })),
  });

  api.route(ROUTES.releaseHold, {
    permission: 'gate.release-hold',
    handler: async ({ params, body, req }) => {
      await assertOperatorMayRelease(ctx, params.tripId);
      return operatorCommand(ctx, req, params.gate, body.commandId, 'releaseHold', (s, meta) =>
        s.releaseHold({ tripId: params.tripId, reason: 'released by operator', ...meta }), () => ({
        action: 'hold.release',
        targetType: 'trip',
        targetId: params.tripId,
        gateCode: params.gate,
        reason: 'released by operator',
      }));
    },
  });
}
