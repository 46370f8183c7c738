/**
 * POST /v1/auth/login and GET /v1/me. Login is slowed per account + client
 * IP in Redis (login-limiter.ts): password guessing against one account gets
 * exponential waits without locking the account's owner out from elsewhere.
 * Every failed login is audited.
 */
import { ROUTES } from '@borderflow/contracts';
import bcrypt from 'bcryptjs';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { clientIp, recordAudit } from '../audit/audit-log.ts';
import { principalOf } from './require-auth.ts';
import { LoginLimiter, type LoginBackoff } from './login-limiter.ts';
import { startSession } from './refresh-tokens.ts';
import { REFUSALS } from '../http/refusal-words.ts';

// Compared against when the user does not exist, so both failures take as long.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 8);

/**
 * @example
 * authRoutes(api, ctx, { freeAttempts: 5 });
 */
export function authRoutes(api: ApiRouter, ctx: ApiContext, backoff: Partial<LoginBackoff> = {}): void {
  const limiter = new LoginLimiter(ctx.redis, ctx.prefix, backoff);

  api.route(ROUTES.login, {
    permission: 'auth.login',
    handler: async ({ body, req, res }) => {
      const ip = clientIp(req) ?? 'unknown';
      const waitMs = await limiter.attempt(body.username, ip);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        res.setHeader('Retry-After', String(seconds));
        throw AppError.worded('RATE_LIMITED', REFUSALS.loginThrottled(seconds));
      }
      const user = await ctx.db.user.findUnique({ where: { username: body.username } });
      const ok = await bcrypt.compare(body.password, user?.passwordHash ?? DUMMY_HASH);
      const usable = user && ok && !user.disabledAt && !user.deletedAt;
      if (!usable) {
        const reason = !user || user.deletedAt ? 'unknown-user' : !ok ? 'wrong-password' : 'disabled';
        await recordAudit(ctx.db, { action: 'auth.login-failed', actor: null, actorName: body.username, detail: { reason }, ip });
        // The disabled account is named only to whoever knows its password.
        if (reason === 'disabled') throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountDisabled);
        throw AppError.worded('UNAUTHENTICATED', REFUSALS.wrongPassword);
      }
      await limiter.succeeded(body.username, ip);
      const tokens = await startSession(ctx, user);
      return { ...tokens, user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName } };
    },
  });

  api.route(ROUTES.me, {
    permission: 'auth.me',
    handler: async ({ req }) => {
      const user = await ctx.db.user.findUnique({ where: { id: principalOf(req).id } });
      if (!user || user.deletedAt) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountGone);
      return { id: user.id, username: user.username, role: user.role, displayName: user.displayName };
    },
  });
}
