/**
 * Bearer-token middleware. `requireAuth` establishes who is calling;
 * `requireRole` then narrows to the roles a route allows (403 otherwise).
 */
import type { Request, RequestHandler } from 'express';
import type { Role } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { AuthConfig } from './auth-config.ts';
import { verifyAccessToken, type Principal } from './jwt.ts';

// Kept beside the request instead of augmenting Express' global types.
const principals = new WeakMap<Request, Principal>();

/**
 * The caller of an authenticated request.
 *
 * @example
 * const me = principalOf(req); // { id, username, role }
 */
export function principalOf(req: Request): Principal {
  const who = principals.get(req);
  if (!who) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return who;
}

/** `user:<id>`: the actor recorded on every scheduler event the caller causes. */
export function actorOf(req: Request): string {
  return `user:${principalOf(req).id}`;
}

/** Staff roles that may see a whole gate. */
export const STAFF_ROLES: readonly Role[] = ['operator', 'manager', 'admin'];

/**
 * Middleware that verifies the `Authorization: Bearer <jwt>` header.
 *
 * @example
 * router.get('/v1/me', requireAuth(auth), handler);
 */
export function requireAuth(auth: AuthConfig): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) throw new AppError('UNAUTHENTICATED', 'Missing Authorization: Bearer <token> header');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
    principals.set(req, await verifyAccessToken(auth, match[1]));
    next();
  };
}

/**
 * Middleware (after `requireAuth`) that allows only the given roles.
 *
 * @example
 * router.post('/v1/trips', requireAuth(auth), requireRole('driver'), handler);
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const who = principalOf(req);
    if (!roles.includes(who.role)) {
      throw new AppError('FORBIDDEN', `This action needs role ${roles.join(' or ')}; you are ${who.role}`);
    }
    next();
  };
}
