/**
 * /v1/admin/users — the admin's user controls: list, create, disable, enable,
 * change role, delete. Every change is audited in its own transaction, and
 * each one that takes access away (disable, role change, delete) bumps the
 * user's session version and revokes their refresh tokens, then tells every
 * API process through Redis: their tokens and sockets stop at once.
 *
 * Deleting is soft: the row stays so trips, revisions and the audit log keep
 * their author, and the username stays taken (no one can inherit a history).
 */
import { ROUTES, type AdminUser } from '@borderflow/contracts';
import bcrypt from 'bcryptjs';
import type { Request } from 'express';
import { isUniqueViolation, type Prisma } from '@borderflow/db';
import type { ApiRouter } from '../http/api-router.ts';
import type { ApiContext } from '../context.ts';
import { AppError } from '../app-error.ts';
import { principalOf } from '../auth/require-auth.ts';
import { clientIp, recordAudit, type AuditAction } from '../audit/audit-log.ts';
import { REFUSALS } from '../http/refusal-words.ts';

const PASSWORD_COST = 10;

type UserRow = Prisma.UserGetPayload<object>;

function view(u: UserRow): AdminUser {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    companyId: u.companyId,
    agency: u.agency,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** An admin taking their own access away would lock the gate out of its user controls. */
function notSelf(req: Request, userId: string): void {
  if (principalOf(req).id === userId) throw AppError.worded('CONFLICT', REFUSALS.notOwnAccount, 'userId');
}

/**
 * Applies `change` to a live (not deleted) user in a transaction with its
 * audit entry; when `revoke` is set, also bumps the session version, revokes
 * the refresh tokens and, after commit, every process's view of the user.
 */
async function changeUser(
  ctx: ApiContext,
  req: Request,
  userId: string,
  action: AuditAction,
  options: { revoke: boolean; reason?: string; data: (u: UserRow) => Prisma.UserUpdateInput; detail?: (before: UserRow) => Prisma.InputJsonValue },
): Promise<AdminUser> {
  const updated = await ctx.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before || before.deletedAt) throw AppError.worded('NOT_FOUND', REFUSALS.userNotFound, 'userId');
    const after = await tx.user.update({
      where: { id: userId },
      data: { ...options.data(before), ...(options.revoke ? { sessionVersion: { increment: 1 } } : {}) },
    });
    if (options.revoke) {
      await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    await recordAudit(tx, {
      action,
      actor: principalOf(req),
      targetType: 'user',
      targetId: userId,
      reason: options.reason,
      detail: { username: before.username, ...(options.detail ? (options.detail(before) as object) : {}) },
      ip: clientIp(req),
    });
    return after;
  });
  if (options.revoke) await ctx.revocations.revokeUser(updated.id, updated.sessionVersion);
  return view(updated);
}

/**
 * @example
 * adminUserRoutes(api, ctx);
 */
export function adminUserRoutes(api: ApiRouter, ctx: ApiContext): void {
  api.route(ROUTES.listUsers, {
    permission: 'user.list',
    handler: async () => {
      const rows = await ctx.db.user.findMany({ where: { deletedAt: null }, orderBy: { username: 'asc' } });
      return { users: rows.map(view) };
    },
  });

  api.route(ROUTES.createUser, {
    permission: 'user.create',
    handler: async ({ body, req }) => {
      if (body.role === 'agency' && !body.agency) throw AppError.worded('VALIDATION_FAILED', REFUSALS.agencyNeedsAgency, 'agency');
      if (body.role !== 'agency' && body.agency) throw AppError.worded('VALIDATION_FAILED', REFUSALS.onlyAgencyHasAgency, 'agency');
      if (body.companyId && !(await ctx.db.company.findUnique({ where: { id: body.companyId }, select: { id: true } }))) {
        throw AppError.worded('VALIDATION_FAILED', REFUSALS.noCompanyId, 'companyId');
      }
      const passwordHash = await bcrypt.hash(body.password, PASSWORD_COST);
      try {
        const created = await ctx.db.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: {
              username: body.username,
              passwordHash,
              role: body.role,
              displayName: body.displayName,
              companyId: body.companyId ?? null,
              agency: body.agency ?? null,
            },
          });
          await recordAudit(tx, {
            action: 'user.create',
            actor: principalOf(req),
            targetType: 'user',
            targetId: user.id,
            detail: { username: user.username, role: user.role, companyId: user.companyId, agency: user.agency },
            ip: clientIp(req),
          });
          return user;
        });
        return view(created);
      } catch (err) {
        if (isUniqueViolation(err)) throw AppError.worded('CONFLICT', REFUSALS.usernameTaken(body.username), 'username');
        throw err;
      }
    },
  });

  api.route(ROUTES.disableUser, {
    permission: 'user.disable',
    handler: ({ params, body, req }) => {
      notSelf(req, params.userId);
      return changeUser(ctx, req, params.userId, 'user.disable', { revoke: true, reason: body.reason, data: () => ({ disabledAt: new Date() }) });
    },
  });

  api.route(ROUTES.enableUser, {
    permission: 'user.enable',
    handler: ({ params, body, req }) =>
      changeUser(ctx, req, params.userId, 'user.enable', { revoke: false, reason: body.reason, data: () => ({ disabledAt: null }) }),
  });

  api.route(ROUTES.changeUserRole, {
    permission: 'user.role',
    handler: async ({ params, body, req }) => {
      notSelf(req, params.userId);
      return changeUser(ctx, req, params.userId, 'user.role', {
        revoke: true,
        data: (u) => {
          if (body.role === 'agency' && !u.agency) {
            throw AppError.worded('VALIDATION_FAILED', REFUSALS.agencyRoleChange, 'role');
          }
          return { role: body.role };
        },
        detail: (u) => ({ from: u.role, to: body.role }),
      });
    },
  });

  api.route(ROUTES.deleteUser, {
    permission: 'user.delete',
    handler: async ({ params, req }) => {
      notSelf(req, params.userId);
      const now = new Date();
      await changeUser(ctx, req, params.userId, 'user.delete', { revoke: true, data: (u) => ({ deletedAt: now, disabledAt: u.disabledAt ?? now }) });
      return undefined;
    },
  });
}
