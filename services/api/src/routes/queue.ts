/**
 * /v1/gates/:gate/queue — who waits for which stage, in the order they will be
 * called, with ETA and the rule that puts them there; plus the operator's
 * commands on a waiting truck (no-show, release of a hold).
 */
import { z } from 'zod';
import { ZQueueEntrySchema, ZStageSchema, ZTripPlacementSchema, ZCommandOnlyRequestSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { operatorCommand } from './operator-command.ts';
import { ZCommandResponseSchema, ZGateParamsSchema, ZGateTripParamsSchema } from './gate-params.ts';

export const ZQueueResponseSchema = z.object({
  gate: z.string(),
  seq: z.number().int(),
  policyVersion: z.number().int(),
  /** Per stage, in projected call order. */
  queues: z.partialRecord(ZStageSchema, z.array(ZQueueEntrySchema)),
  held: z.array(ZTripPlacementSchema),
  exitQueue: z.array(ZTripPlacementSchema),
  /** Trucks waiting in stage queues, held or in the exit queue. */
  backlog: z.number().int(),
});

export function queueRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/gates/:gate/queue',
    summary: 'The waiting trucks per stage with position, ETA and reason; held trucks; the exit queue',
    tag: 'operations',
    access: ['operator', 'manager', 'admin'],
    params: ZGateParamsSchema,
    response: ZQueueResponseSchema,
    errors: [404],
    handler: async ({ params }) => {
      const s = await schedulerOf(ctx, params.gate).snapshot();
      const waiting = Object.values(s.queues).reduce((n, q) => n + (q?.length ?? 0), 0);
      return {
        gate: s.gate,
        seq: s.seq,
        policyVersion: s.policyVersion,
        queues: s.queues,
        held: s.held,
        exitQueue: s.exitQueue,
        backlog: waiting + s.held.length + s.exitQueue.length,
      };
    },
  });

  api.route({
    method: 'post',
    path: '/v1/gates/:gate/trips/:tripId/no-show',
    summary: 'Mark a called truck as not showing up (re-queued with a penalty once, dropped the second time)',
    tag: 'operations',
    access: ['operator', 'admin'],
    params: ZGateTripParamsSchema,
    body: ZCommandOnlyRequestSchema,
    response: ZCommandResponseSchema,
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      operatorCommand(ctx, req, params.gate, body.commandId, 'markNoShow', (s, meta) =>
        s.markNoShow({ tripId: params.tripId, ...meta })),
  });

  api.route({
    method: 'post',
    path: '/v1/gates/:gate/trips/:tripId/release-hold',
    summary: 'Release the hold on a truck: it continues to its next stage or the exit queue',
    tag: 'operations',
    access: ['operator', 'admin'],
    params: ZGateTripParamsSchema,
    body: ZCommandOnlyRequestSchema,
    response: ZCommandResponseSchema,
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      operatorCommand(ctx, req, params.gate, body.commandId, 'releaseHold', (s, meta) =>
        s.releaseHold({ tripId: params.tripId, reason: 'released by operator', ...meta })),
  });
}
