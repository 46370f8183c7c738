/**
 * POST /v1/auth/refresh (exchange a refresh token for the next pair) and
 * POST /v1/auth/logout (end this session everywhere at once).
 */
import { ROUTES } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { clientIp, recordAudit } from '../audit/audit-log.ts';
import { claimsOf } from './require-auth.ts';
import { endSession, rotateSession } from './refresh-tokens.ts';

/**
 * @example
 * sessionRoutes(api, ctx);
 */
export function sessionRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.refreshSession, {
    permission: 'auth.refresh',
    handler: async ({ body, req }) => {
      const { tokens, user } = await rotateSession(ctx, body.refreshToken, clientIp(req));
      return { ...tokens, user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName } };
    },
  });

  api.route(ROUTES.logout, {
    permission: 'auth.logout',
    handler: async ({ req }) => {
      const claims = claimsOf(req);
      await endSession(ctx, claims.id, claims.sid);
      await recordAudit(ctx.db, { action: 'auth.logout', actor: claims, targetType: 'user', targetId: claims.id, detail: { sessionId: claims.sid }, ip: clientIp(req) });
      return undefined;
    },
  });
}
