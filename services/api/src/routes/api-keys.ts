/**
 * /v1/company/api-keys — a forwarder company's machine credentials, managed by
 * the company's administrator (companyRole admin) and nobody else: not its
 * drivers, not platform staff, not another API key. The whole key is shown once
 * (create, rotate); afterwards only its public prefix. Every change is audited.
 */
import { ROUTES, type ApiKey, type ApiKeyScope } from '@borderflow/contracts';
import type { Request } from 'express';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { newApiKey } from '../auth/api-keys.ts';
import { auditedWrite, type AuditAction } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type KeyRow = Prisma.ApiKeyGetPayload<object>;

function view(k: KeyRow): ApiKey {
  return {
    id: k.id,
    name: k.name,
    prefix: `bfk_${k.prefix}`,
    scopes: k.scopes as ApiKeyScope[],
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    rotatedAt: k.rotatedAt?.toISOString() ?? null,
  };
}

/** The caller's company, when the caller is its administrator; 403 naming `companyRole` otherwise. */
export async function administeredCompany(ctx: ApiContext, req: Request): Promise<string> {
  const who = principalOf(req);
  const user = who.apiKey ? null : await ctx.db.user.findUnique({ where: { id: who.id }, select: { companyId: true, companyRole: true } });
  if (!user?.companyId || user.companyRole !== 'admin') {
    throw AppError.worded('FORBIDDEN', REFUSALS.companyAdminKeys, 'companyRole');
  }
  return user.companyId;
}

/** A live key of the caller's company, else 404 (another company's key looks like a missing one). */
async function companyKey(ctx: ApiContext, companyId: string, keyId: string): Promise<KeyRow> {
  const row = await ctx.db.apiKey.findFirst({ where: { id: keyId, companyId, revokedAt: null } });
  if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.apiKeyNotFound, 'keyId');
  return row;
}

/** What the audit says of a key: its company, prefix and scopes, never its secret. */
const keyEntry = (action: AuditAction) => (row: KeyRow) =>
  ({ action, targetType: 'api-key', targetId: row.id, detail: { companyId: row.companyId, prefix: row.prefix, scopes: row.scopes } });

export function apiKeyRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listApiKeys, {
    permission: 'apikey.list',
    handler: async ({ req }) => {
      const companyId = await administeredCompany(ctx, req);
      const rows = await ctx.db.apiKey.findMany({ where: { companyId, revokedAt: null }, orderBy: { createdAt: 'asc' } });
      return { keys: rows.map(view) };
    },
  });

  api.route(ROUTES.createApiKey, {
    permission: 'apikey.create',
    handler: async ({ body, req }) => {
      const companyId = await administeredCompany(ctx, req);
      const fresh = newApiKey();
      const row = await auditedWrite(ctx.db, req, keyEntry('apikey.create'), (tx) => tx.apiKey.create({
        data: { companyId, name: body.name, prefix: fresh.prefix, secretHash: fresh.secretHash, scopes: [...new Set(body.scopes)], createdById: principalOf(req).id },
      }));
      return { ...view(row), key: fresh.key };
    },
  });

  api.route(ROUTES.rotateApiKey, {
    permission: 'apikey.rotate',
    handler: async ({ params, req }) => {
      const companyId = await administeredCompany(ctx, req);
      const old = await companyKey(ctx, companyId, params.keyId);
      const fresh = newApiKey(old.prefix);
      const row = await auditedWrite(ctx.db, req, keyEntry('apikey.rotate'), (tx) => tx.apiKey.update({ where: { id: old.id }, data: { secretHash: fresh.secretHash, rotatedAt: new Date() } }));
      return { ...view(row), key: fresh.key };
    },
  });

  api.route(ROUTES.revokeApiKey, {
    permission: 'apikey.revoke',
    handler: async ({ params, req }) => {
      const companyId = await administeredCompany(ctx, req);
      const row = await companyKey(ctx, companyId, params.keyId);
      await auditedWrite(ctx.db, req, keyEntry('apikey.revoke'), (tx) => tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
      return undefined;
    },
  });
}
