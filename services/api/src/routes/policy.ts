/**
 * /v1/gates/:gate/policy — the published priority policy. Versions are kept in
 * the database (every call-up names the version that chose it); reading is
 * public on purpose: drivers may check the rule they are queued by.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ZPolicyConfigSchema, type PolicyConfig } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { actorOf, principalOf } from '../auth/require-auth.ts';
import { runCommand } from '../scheduler-command.ts';
import { ZGateParamsSchema } from './gate-params.ts';

export const ZPolicyResponseSchema = z.object({
  gate: z.string(),
  version: z.number().int(),
  policy: ZPolicyConfigSchema,
  publishedAt: z.string(),
});

export function policyRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/gates/:gate/policy',
    summary: 'The current published priority policy of a gate',
    tag: 'policy',
    access: 'public',
    params: ZGateParamsSchema,
    response: ZPolicyResponseSchema,
    errors: [404],
    handler: async ({ params }) => {
      const row = await ctx.db.policyVersion.findFirst({
        where: { gate: { code: params.gate } },
        orderBy: { version: 'desc' },
      });
      if (!row) throw new AppError('NOT_FOUND', `Gate ${params.gate} has no published policy`, 'gate');
      return {
        gate: params.gate,
        version: row.version,
        policy: row.config as unknown as PolicyConfig,
        publishedAt: row.createdAt.toISOString(),
      };
    },
  });

  api.route({
    method: 'put',
    path: '/v1/gates/:gate/policy',
    summary: 'Publish a new version of the priority policy (applies to the next call-up)',
    tag: 'policy',
    access: ['admin'],
    params: ZGateParamsSchema,
    body: ZPolicyConfigSchema,
    response: ZPolicyResponseSchema,
    errors: [404],
    handler: async ({ params, body, req }) => {
      const scheduler = schedulerOf(ctx, params.gate);
      const gate = await ctx.db.gate.findUnique({ where: { code: params.gate }, select: { id: true } });
      if (!gate) throw new AppError('NOT_FOUND', `Gate ${params.gate} not found`, 'gate');
      const live = (await scheduler.snapshot()).policyVersion;
      const row = await ctx.db.$transaction(async (tx) => {
        const last = await tx.policyVersion.findFirst({ where: { gateId: gate.id }, orderBy: { version: 'desc' } });
        const version = Math.max(last?.version ?? 0, live) + 1;
        return tx.policyVersion.create({
          data: {
            gateId: gate.id,
            version,
            config: body as unknown as Prisma.InputJsonValue,
            createdById: principalOf(req).id,
          },
        });
      });
      await runCommand(ctx.metrics, 'setPolicy', () =>
        scheduler.setPolicy(body, { actor: actorOf(req), commandId: randomUUID() }, row.version),
      );
      return { gate: params.gate, version: row.version, policy: body, publishedAt: row.createdAt.toISOString() };
    },
  });
}
