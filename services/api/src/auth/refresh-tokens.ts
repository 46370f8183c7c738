/**
 * Sessions as rotating refresh tokens. A login starts a family; each refresh
 * marks the presented token rotated and issues the next one of the family.
 * Presenting a token that was already rotated means two parties hold it (one
 * of them a thief): the whole family is revoked and its access tokens refused.
 * Only SHA-256 hashes are stored, so a database leak gives no usable token.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SessionTokens } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { ApiContext } from '../context.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { signAccessToken, type Principal } from './jwt.ts';
import { REFUSALS } from '../http/refusal-words.ts';

type SessionContext = Pick<ApiContext, 'db' | 'auth' | 'revocations'>;

/** The user a session is for: the principal and their current session version. */
export interface SessionUser extends Principal {
  sessionVersion: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

async function issue(ctx: SessionContext, user: SessionUser, familyId: string, db: Pick<ApiContext['db'], 'refreshToken'>): Promise<SessionTokens> {
  const refreshToken = randomBytes(32).toString('base64url');
  const refreshExpiresAt = new Date(Date.now() + ctx.auth.refreshTtlSeconds * 1000);
  await db.refreshToken.create({
    data: { familyId, userId: user.id, tokenHash: hashOf(refreshToken), expiresAt: refreshExpiresAt },
  });
  const { token, exp } = await signAccessToken(ctx.auth, { id: user.id, username: user.username, role: user.role, sid: familyId, sv: user.sessionVersion });
  await ctx.revocations.remember(user.id, user.sessionVersion);
  return { token, expiresAt: new Date(exp * 1000).toISOString(), refreshToken, refreshExpiresAt: refreshExpiresAt.toISOString() };
}

/**
 * Starts a new session (refresh-token family) for a user who just proved who they are.
 *
 * @example
 * const tokens = await startSession(ctx, { id, username, role, sessionVersion });
 */
export function startSession(ctx: SessionContext, user: SessionUser): Promise<SessionTokens> {
  return issue(ctx, user, randomUUID(), ctx.db);
}

const refused = () => AppError.worded('UNAUTHENTICATED', REFUSALS.refreshInvalid, 'refreshToken');

/**
 * Exchanges a refresh token for the next pair. Unknown, expired, revoked or
 * reused tokens get 401; reuse also revokes the family (and is audited).
 *
 * @example
 * const { tokens, user } = await rotateSession(ctx, body.refreshToken, req.ip);
 */
export async function rotateSession(
  ctx: SessionContext,
  presented: string,
  ip: string | undefined,
): Promise<{ tokens: SessionTokens; user: SessionUser & { displayName: string } }> {
  const row = await ctx.db.refreshToken.findUnique({ where: { tokenHash: hashOf(presented) }, include: { user: true } });
  if (!row || row.revokedAt) throw refused();
  const now = new Date();
  if (row.rotatedAt) {
    await revokeFamilyForReuse(ctx, row.familyId, row.userId, ip);
    throw AppError.worded('UNAUTHENTICATED', REFUSALS.refreshReused, 'refreshToken');
  }
  if (row.expiresAt <= now) throw refused();
  const u = row.user;
  if (u.disabledAt || u.deletedAt) throw AppError.worded('UNAUTHENTICATED', REFUSALS.accountDisabled, 'refreshToken');
  const user = { id: u.id, username: u.username, role: u.role, sessionVersion: u.sessionVersion, displayName: u.displayName };
  const outcome = await ctx.db.$transaction(async (tx) => {
    // Conditional: of two concurrent refreshes with the same token, only one rotates it.
    const claimed = await tx.refreshToken.updateMany({ where: { id: row.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: now } });
    if (claimed.count !== 1) return null;
    return issue(ctx, user, row.familyId, tx);
  });
  if (!outcome) {
    await revokeFamilyForReuse(ctx, row.familyId, row.userId, ip);
    throw AppError.worded('UNAUTHENTICATED', REFUSALS.refreshReused, 'refreshToken');
  }
  return { tokens: outcome, user };
}

async function revokeFamilyForReuse(ctx: SessionContext, familyId: string, userId: string, ip: string | undefined): Promise<void> {
  const user = await ctx.db.$transaction(async (tx) => {
    await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    const owner = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true, role: true } });
    await recordAudit(tx, {
      action: 'auth.refresh-reuse',
      actor: null,
      actorName: owner?.username ?? 'unknown',
      targetType: 'user',
      targetId: userId,
      detail: { familyId },
      ip,
    });
    return owner;
  });
  if (user) await ctx.revocations.revokeSession(userId, familyId, ctx.auth.ttlSeconds);
}

/**
 * Ends one session: its refresh tokens in the database, its access tokens in Redis.
 *
 * @example
 * await endSession(ctx, claims.id, claims.sid);
 */
export async function endSession(ctx: SessionContext, userId: string, familyId: string): Promise<void> {
  await ctx.db.refreshToken.updateMany({ where: { familyId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await ctx.revocations.revokeSession(userId, familyId, ctx.auth.ttlSeconds);
}
