/**
 * /v1/gates/:gate/policy — the published priority policy. Versions are kept in
 * the database (every call-up names the version that chose it); reading is
 * public on purpose: drivers may check the rule they are queued by.
 */
import { ROUTES, type PolicyConfig } from '@borderflow/contracts';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { actorOf, principalOf } from '../auth/require-auth.ts';
import { runCommand } from '../scheduler-command.ts';
import { clientIp, recordAudit } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';

export function policyRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.readPolicy, {
    permission: 'policy.read',
    handler: async ({ params }) => {
      const row = await ctx.db.policyVersion.findFirst({
        where: { gate: { code: params.gate } },
        orderBy: { version: 'desc' },
      });
      if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.noPolicy(params.gate), 'gate');
      return {
        gate: params.gate,
        version: row.version,
        policy: row.config as unknown as PolicyConfig,
        publishedAt: row.createdAt.toISOString(),
      };
    },
  });

  api.route(ROUTES.publishPolicy, {
    permission: 'policy.write',
    handler: async ({ params, body, req }) => {
      const scheduler = schedulerOf(ctx, params.gate);
      const gate = await ctx.db.gate.findUnique({ where: { code: params.gate }, select: { id: true } });
      if (!gate) throw AppError.worded('NOT_FOUND', REFUSALS.gateNotFound(params.gate), 'gate');
      const live = (await scheduler.snapshot()).policyVersion;
      const row = await ctx.db.$transaction(async (tx) => {
        const last = await tx.policyVersion.findFirst({ where: { gateId: gate.id }, orderBy: { version: 'desc' } });
        const version = Math.max(last?.version ?? 0, live) + 1;
        const created = await tx.policyVersion.create({
          data: {
            gateId: gate.id,
            version,
            config: body as unknown as Prisma.InputJsonValue,
            createdById: principalOf(req).id,
          },
        });
        // Before and after, so a reviewer sees what changed without replaying versions.
        await recordAudit(tx, {
          action: 'policy.change',
          actor: principalOf(req),
          targetType: 'policy',
          targetId: `${params.gate}:${version}`,
          gateCode: params.gate,
          detail: { fromVersion: last?.version ?? null, toVersion: version, before: last?.config ?? null, after: body } as Prisma.InputJsonValue,
          ip: clientIp(req),
        });
        return created;
      });
      await runCommand(ctx.metrics, 'setPolicy', () =>
        scheduler.setPolicy(body, { actor: actorOf(req), commandId: randomUUID() }, row.version),
      );
      return { gate: params.gate, version: row.version, policy: body, publishedAt: row.createdAt.toISOString() };
    },
  });
}
