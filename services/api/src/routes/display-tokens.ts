/**
 * The yard's LED board (issue 12, item 6). A manager or admin issues display tokens per gate for
 * the TV browsers in the yard (shown once) and revokes them; a TV reads the board with its token.
 * The board is also pushed live on the `/display` namespace (live/call-up-board.ts).
 */
import type { Request } from 'express';
import { ROUTES, type DisplayToken } from '@borderflow/contracts';
import type { Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import { schedulerOf, type ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp, recordAudit } from '../audit/audit-log.ts';
import { authenticateDisplayToken, newDisplayToken, readCallUpBoard, DISPLAY_TOKEN_PREFIX } from '../display/display-tokens.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type TokenRow = Prisma.DisplayTokenGetPayload<object>;

/** Where a TV opens the board: the console page, the token in the fragment (never sent to a server). */
export const boardPath = (token: string) => `/board#${token}`;

function view(row: TokenRow): DisplayToken {
  return { id: row.id, gate: row.gateCode, name: row.name, prefix: `${DISPLAY_TOKEN_PREFIX}${row.prefix}`, createdAt: row.createdAt.toISOString() };
}

function auditDetail(req: Request, row: TokenRow) {
  const ip = clientIp(req);
  return { actor: principalOf(req), targetType: 'display-token', targetId: row.id, detail: { gate: row.gateCode, prefix: row.prefix }, ...(ip ? { ip } : {}) };
}

export function displayTokenRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listDisplayTokens, {
    permission: 'display-token.list',
    handler: async ({ params }) => {
      schedulerOf(ctx, params.gate);
      const rows = await ctx.db.displayToken.findMany({ where: { gateCode: params.gate, revokedAt: null }, orderBy: { createdAt: 'asc' } });
      return { tokens: rows.map(view) };
    },
  });

  api.route(ROUTES.createDisplayToken, {
    permission: 'display-token.create',
    handler: async ({ params, body, req }) => {
      schedulerOf(ctx, params.gate);
      const fresh = newDisplayToken();
      const row = await ctx.db.$transaction(async (tx) => {
        const created = await tx.displayToken.create({
          data: { gateCode: params.gate, name: body.name, prefix: fresh.prefix, secretHash: fresh.secretHash, createdById: principalOf(req).id },
        });
        await recordAudit(tx, { action: 'display-token.create', ...auditDetail(req, created) });
        return created;
      });
      return { ...view(row), token: fresh.token, boardPath: boardPath(fresh.token) };
    },
  });

  api.route(ROUTES.revokeDisplayToken, {
    permission: 'display-token.revoke',
    handler: async ({ params, req }) => {
      const row = await ctx.db.displayToken.findFirst({ where: { id: params.tokenId, gateCode: params.gate, revokedAt: null } });
      if (!row) throw AppError.worded('NOT_FOUND', REFUSALS.displayTokenNotFound, 'tokenId');
      await ctx.db.$transaction(async (tx) => {
        const revoked = await tx.displayToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
        await recordAudit(tx, { action: 'display-token.revoke', ...auditDetail(req, revoked) });
      });
      return undefined;
    },
  });

  api.route(ROUTES.readCallUpBoard, {
    permission: 'display.board',
    handler: async ({ req, res }) => {
      // A board changes with every call-up: no cache may answer for it.
      res.setHeader('Cache-Control', 'no-store');
      const presented = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const { gate } = await authenticateDisplayToken(ctx.db, presented);
      return readCallUpBoard(schedulerOf(ctx, gate));
    },
  });
}
