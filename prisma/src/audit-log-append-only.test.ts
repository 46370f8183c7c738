/**
 * The audit log is append-only in the database itself (migration
 * 20261205140000_audit_log_append_only): entries can be added and read, but
 * UPDATE, DELETE and TRUNCATE are refused, through Prisma and in raw SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

describe('audit_log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());

  it('accepts new entries and refuses to change or remove any', async () => {
    const entry = await db.prisma.auditEntry.create({
      data: { actorName: 'operator1', actorRole: 'operator', action: 'lane.status', targetType: 'lane', targetId: 'KT-X1', reason: 'Ca nghỉ trưa' },
    });
    const refused = async (attempt: Promise<unknown>) => {
      const error = await attempt.then(() => null, (e: unknown) => e);
      expect(error, 'the statement went through').not.toBeNull();
      expect(String((error as Error).message)).toMatch(/append-only/);
    };
    await refused(db.prisma.auditEntry.update({ where: { id: entry.id }, data: { reason: 'rewritten' } }));
    await refused(db.prisma.auditEntry.deleteMany({}));
    await refused(db.prisma.$executeRawUnsafe(`UPDATE "audit_log" SET "actor_name" = 'someone-else'`));
    await refused(db.prisma.$executeRawUnsafe(`DELETE FROM "audit_log"`));
    await refused(db.prisma.$executeRawUnsafe(`TRUNCATE "audit_log"`));
    const after = await db.prisma.auditEntry.findMany();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ actorName: 'operator1', reason: 'Ca nghỉ trưa' });
    await db.prisma.auditEntry.create({ data: { actorName: 'anonymous', action: 'auth.login-failed' } });
    expect(await db.prisma.auditEntry.count()).toBe(2);
  });
});
