/**
 * /v1/admin/data-consumers — a platform admin issues and revokes the keys the province's data platform
 * (LGSP / IOC) pulls the open feed with. The whole key is shown once; afterwards only its prefix.
 * Every issue and revocation is audited.
 */
import { ROUTES, type DataConsumer } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { DATA_CONSUMER_KEY_PREFIX, newDataConsumerKey } from '../auth/data-consumer-keys.ts';
import { auditedWrite, type AuditAction } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type ConsumerRow = Prisma.DataConsumerGetPayload<object>;

function view(c: ConsumerRow): DataConsumer {
  return {
    id: c.id,
    name: c.name,
    prefix: `${DATA_CONSUMER_KEY_PREFIX}${c.prefix}`,
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  };
}

/** What the audit says of a data consumer: its name and prefix, never its secret. */
const consumerEntry = (action: AuditAction) => (row: ConsumerRow) => ({ action, targetType: 'data-consumer', targetId: row.id, detail: { name: row.name, prefix: row.prefix } });

export function dataConsumerRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listDataConsumers, {
    permission: 'data-consumer.list',
    handler: async () => {
      const rows = await ctx.db.dataConsumer.findMany({ where: { revokedAt: null }, orderBy: { createdAt: 'asc' } });
      return { consumers: rows.map(view) };
    },
  });

  api.route(ROUTES.createDataConsumer, {
    permission: 'data-consumer.create',
    handler: async ({ body, req }) => {
      const fresh = newDataConsumerKey();
      const row = await auditedWrite(ctx.db, req, consumerEntry('data-consumer.create'), (tx) => tx.dataConsumer.create({
        data: { name: body.name, prefix: fresh.prefix, secretHash: fresh.secretHash, createdById: principalOf(req).id },
      }));
      return { ...view(row), key: fresh.key };
    },
  });

  // Same consumer, same prefix (the platform's logs and the audit still name it), a new secret: the
  // province's systems swap keys without a new consumer, and a leaked key stops working at once.
  api.route(ROUTES.rotateDataConsumer, {
    permission: 'data-consumer.rotate',
    handler: async ({ params, req }) => {
      const old = await ctx.db.dataConsumer.findFirst({ where: { id: params.consumerId, revokedAt: null } });
      if (!old) throw AppError.worded('NOT_FOUND', REFUSALS.consumerNotFound, 'consumerId');
      const fresh = newDataConsumerKey(old.prefix);
      const row = await auditedWrite(ctx.db, req, consumerEntry('data-consumer.rotate'), (tx) => tx.dataConsumer.update({ where: { id: old.id }, data: { secretHash: fresh.secretHash } }));
      return { ...view(row), key: fresh.key };
    },
  });

  api.route(ROUTES.revokeDataConsumer, {
    permission: 'data-consumer.revoke',
    handler: async ({ params, req }) => {
      const row = await ctx.db.dataConsumer.findFirst({ where: { id: params.consumerId, revokedAt: null } });
      if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.consumerNotFound, 'consumerId');
      await auditedWrite(ctx.db, req, consumerEntry('data-consumer.revoke'), (tx) => tx.dataConsumer.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
      return undefined;
    },
  });
}
