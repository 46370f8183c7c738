/**
 * POST /v1/auth/login and GET /v1/me. Login is rate limited per client IP and
 * username (password guessing against one account is slowed down without
 * locking out everyone behind the same gate NAT).
 */
import bcrypt from 'bcryptjs';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { ZLoginRequestSchema, ZLoginResponseSchema, ZUserSchema } from '@borderflow/contracts';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { signAccessToken } from './jwt.ts';
import { principalOf } from './require-auth.ts';

export interface LoginRateLimit {
  windowMs: number;
  limit: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { windowMs: 60_000, limit: 10 };

// Compared against when the user does not exist, so both failures take as long.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 8);

export function authRoutes(api: ApiRouter, ctx: ApiContext, limits: LoginRateLimit = DEFAULT_LOGIN_RATE_LIMIT): void {
  const limiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const username = (req.body as { username?: unknown } | undefined)?.username;
      const name = typeof username === 'string' ? username.trim().toLowerCase().slice(0, 64) : '';
      return `${ipKeyGenerator(req.ip ?? 'unknown')}|${name}`;
    },
    handler: (_req, _res, next) => {
      next(new AppError('RATE_LIMITED', 'Too many login attempts; wait a minute and try again'));
    },
  });

  api.route({
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Sign in with username and password; returns a bearer token valid for 12 hours',
    tag: 'auth',
    access: 'public',
    body: ZLoginRequestSchema,
    response: ZLoginResponseSchema,
    errors: [401, 429],
    before: [limiter],
    handler: async ({ body }) => {
      const user = await ctx.db.user.findUnique({ where: { username: body.username } });
      const ok = await bcrypt.compare(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
      const token = await signAccessToken(ctx.auth, { id: user.id, username: user.username, role: user.role });
      return { token, user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user',
    tag: 'auth',
    access: 'authenticated',
    response: ZUserSchema,
    handler: async ({ req }) => {
      const user = await ctx.db.user.findUnique({ where: { id: principalOf(req).id } });
      if (!user) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
      return { id: user.id, username: user.username, role: user.role, displayName: user.displayName };
    },
  });
}
