/**
 * Bearer-token middleware. `requireAuth` establishes who is calling;
 * `requireRole` then narrows to the roles a route allows (403 otherwise).
 */
import type { Request, RequestHandler, Response } from 'express';
import type { PrincipalRole, Role } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { AuthConfig } from './auth-config.ts';
import { verifyAccessToken, type AccessClaims, type Principal } from './jwt.ts';
import type { SessionRevocations } from './session-revocations.ts';
import type { PrismaClient } from '@borderflow/db';
import { authenticateApiKey } from './api-keys.ts';
import { authenticateDataConsumerKey, DATA_CONSUMER_KEY_PREFIX } from './data-consumer-keys.ts';
import { allowsKey, type Permission } from './permissions.ts';
import { REFUSALS } from '../http/refusal-words.ts';

// Kept beside the request instead of augmenting Express' global types.
const principals = new WeakMap<Request, AccessClaims>();

/**
 * The caller of an authenticated request.
 *
 * @example
 * const me = principalOf(req); // { id, username, role }
 */
export function principalOf(req: Request): Principal {
  const who = principals.get(req);
  if (!who) throw AppError.worded('UNAUTHENTICATED', REFUSALS.signInFirst);
  return who;
}

/**
 * The caller's verified token claims (session id and version too): logout needs the session.
 *
 * @example
 * const { sid } = claimsOf(req);
 */
export function claimsOf(req: Request): AccessClaims {
  const who = principals.get(req);
  if (!who) throw AppError.worded('UNAUTHENTICATED', REFUSALS.signInFirst);
  return who;
}

/** `user:<id>`: the actor recorded on every scheduler event the caller causes. */
export function actorOf(req: Request): string {
  return `user:${principalOf(req).id}`;
}

/** Staff roles that may see a whole gate. */
export const STAFF_ROLES: readonly Role[] = ['operator', 'manager', 'admin'];

/**
 * What a route spends on its verified caller (the request limiter's account budget,
 * http/request-rate-limit.ts), handed to `requireAuth` so that a person's session check and the
 * budget can be one Redis round trip. Only a verified caller spends: never a forged, expired,
 * logged-out or revoked token's request.
 */
export interface AccountBudget {
  /** A person's token: checks its session as `SessionRevocations.assertLive` does and, only when it is live, spends the budget. */
  spendIfLive(req: Request, res: Response, claims: AccessClaims, revocations: SessionRevocations): Promise<void>;
  /** An API key's request (no session): spends the budget of the key's account. */
  spend(req: Request, res: Response, accountId: string): Promise<void>;
}

/**
 * Middleware that verifies the `Authorization: Bearer <jwt>` header and that
 * its session has not been revoked (one Redis read), then spends the caller's `budget` when given
 * (in the same round trip as the session check where the budget can).
 *
 * @example
 * router.get('/v1/me', requireAuth(auth, revocations), handler);
 */
export function requireAuth(auth: AuthConfig, revocations: SessionRevocations, db?: PrismaClient, budget?: AccountBudget): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    // A company's API key or a data consumer's, as `X-Api-Key` or as the bearer token (only when the server knows the keys).
    const key = req.get('x-api-key') ?? (header?.match(/^Bearer\s+(bf[kd]_\S+)$/i)?.[1]);
    if (db && key !== undefined) {
      const presented = key.trim();
      const consumer = presented.startsWith(DATA_CONSUMER_KEY_PREFIX);
      const principal = await (consumer ? authenticateDataConsumerKey(db, presented) : authenticateApiKey(db, presented));
      principals.set(req, principal);
      if (budget) await budget.spend(req, res, principal.id);
      next();
      return;
    }
    if (!header) throw AppError.worded('UNAUTHENTICATED', REFUSALS.missingBearer);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw AppError.worded('UNAUTHENTICATED', REFUSALS.malformedBearer);
    const claims = await verifyAccessToken(auth, match[1]);
    if (budget) await budget.spendIfLive(req, res, claims, revocations);
    else await revocations.assertLive(claims);
    principals.set(req, claims);
    next();
  };
}

/**
 * Middleware (after `requireAuth`) that allows only the given roles.
 *
 * @example
 * router.post('/v1/trips', requireAuth(auth), requireRole('driver'), handler);
 */
export function requireRole(...roles: PrincipalRole[]): RequestHandler {
  return (req, _res, next) => {
    const who = principalOf(req);
    if (!roles.includes(who.role)) {
      throw AppError.worded('FORBIDDEN', REFUSALS.needsRole(roles, who.role));
    }
    next();
  };
}

/**
 * Middleware (after `requireAuth`) that lets an API key through only to the rows
 * its scopes open (permissions.ts SCOPE_OF); people pass untouched.
 *
 * @example
 * router.get('/v1/trips', requireAuth(auth, revocations, db), requireScope('trip.list'), handler);
 */
export function requireScope(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    const key = principalOf(req).apiKey;
    if (key && !allowsKey(permission, key.scopes)) {
      throw AppError.worded('FORBIDDEN', REFUSALS.keyScopes(permission, key.scopes), 'scopes');
    }
    next();
  };
}
