/**
 * The audit log: every privileged action is appended here (channel changes,
 * holds and releases, cancels and overrides, user, role and policy changes,
 * failed logins). Rows are never updated or deleted by the application.
 *
 * Write the entry in the same transaction as the change it records where there
 * is one (pass the transaction client as `db`), so a change never lands
 * without its entry.
 */
import type { Request } from 'express';
import type { Prisma, PrismaClient } from '@borderflow/db';
import type { Principal } from '../auth/jwt.ts';
import { principalOf } from '../auth/require-auth.ts';

/** Stable, dotted names of audited actions: the console filters and the CSV export use them. */
export type AuditAction =
  | 'auth.login-failed'
  | 'auth.logout'
  | 'auth.refresh-reuse'
  | 'user.create'
  | 'user.disable'
  | 'user.enable'
  | 'user.delete'
  | 'user.role'
  | 'policy.change'
  | 'trip.cancel'
  | 'trip.operator-cancel'
  | 'trip.class-confirm'
  | 'channel.set'
  | 'channel.lower'
  | 'hold.place'
  | 'hold.release'
  | 'declaration.swap'
  | 'vehicle.authorise'
  | 'vehicle.dispute-resolve'
  | 'lane.status'
  | 'no-show.waive'
  | 'audit.export'
  | 'capacity-plan.publish'
  | 'booking.operator-cancel'
  | 'booking.waive'
  | 'demo-feeder.on'
  | 'demo-feeder.off'
  | 'apikey.create'
  | 'apikey.rotate'
  | 'apikey.revoke'
  | 'data-consumer.create'
  | 'data-consumer.rotate'
  | 'data-consumer.revoke'
  | 'device.create'
  | 'device.revoke'
  | 'device.plate-confirm'
  | 'signal.manual'
  | 'display-token.create'
  | 'display-token.revoke'
  | 'webhook.create'
  | 'webhook.delete';

export interface AuditRecord {
  action: AuditAction;
  /** The caller; null for an anonymous attempt (then give `actorName`). */
  actor: Pick<Principal, 'id' | 'username' | 'role'> | null;
  actorName?: string;
  targetType?: string;
  targetId?: string;
  gateCode?: string;
  reason?: string;
  detail?: Prisma.InputJsonValue;
  ip?: string;
}

type AuditWriter = Pick<PrismaClient, 'auditEntry'> | Prisma.TransactionClient;

/**
 * Appends one entry.
 *
 * @example
 * await recordAudit(tx, { action: 'trip.operator-cancel', actor: principalOf(req), targetType: 'trip',
 *   targetId: trip.id, reason: body.reason, ip: req.ip });
 */
export async function recordAudit(db: AuditWriter, entry: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      action: entry.action,
      actorId: entry.actor?.id ?? null,
      actorName: entry.actor?.username ?? entry.actorName ?? 'anonymous',
      actorRole: entry.actor?.role ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      gateCode: entry.gateCode ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail,
      ip: entry.ip ?? null,
    },
  });
}

/**
 * Appends one entry for what the signed-in caller of `req` did: the actor and the client address
 * come from the request, never from the caller's body.
 *
 * @example
 * await recordRequestAudit(tx, req, { action: 'webhook.delete', targetType: 'webhook', targetId: row.id });
 */
export async function recordRequestAudit(db: AuditWriter, req: Request, entry: Omit<AuditRecord, 'actor' | 'ip'>): Promise<void> {
  const ip = clientIp(req);
  await recordAudit(db, { ...entry, actor: principalOf(req), ...(ip ? { ip } : {}) });
}

/** The client address of a request, as Express sees it (`trust proxy` decides). */
export function clientIp(req: Request): string | undefined {
  return req.ip ?? undefined;
}

/**
 * A write and its audit entry in one transaction, so a key, a consumer or a device never changes without its
 * entry: `entryOf` names the audited row as it is after the write.
 *
 * @example
 * const row = await auditedWrite(ctx.db, req, (r) => ({ action: 'apikey.revoke', targetType: 'api-key', targetId: r.id }),
 *   (tx) => tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } }));
 */
export function auditedWrite<T>(
  db: PrismaClient,
  req: Request,
  entryOf: (row: T) => Omit<AuditRecord, 'actor' | 'ip'>,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const row = await write(tx);
    await recordRequestAudit(tx, req, entryOf(row));
    return row;
  });
}
