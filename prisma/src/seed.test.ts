import bcrypt from 'bcryptjs';
import { checkPhone, checkPlate, checkTaxCode, checkTrailerPlate, DEFAULT_POLICY, ZPolicyConfigSchema } from '@borderflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPasswordFor, seedKimThanh } from './seed.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

describe('seedKimThanh', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());

  async function counts() {
    const p = db.prisma;
    return {
      gates: await p.gate.count(), yards: await p.yard.count(), lanes: await p.lane.count(),
      companies: await p.company.count(), users: await p.user.count(), drivers: await p.driver.count(),
      vehicles: await p.vehicle.count(), policies: await p.policyVersion.count(),
    };
  }

  it('seeds the Kim Thành gate, its lanes, users of every role and policy version 1', async () => {
    const result = await seedKimThanh(db.prisma, { demoPassword: 'demo', env: {} });
    expect(result.demoUsersSeeded).toBe(true);
    expect(await counts()).toEqual({ gates: 1, yards: 1, lanes: 6, companies: 3, users: 13, drivers: 4, vehicles: 4, policies: 1 });

    const lanes = await db.prisma.lane.findMany({ orderBy: { code: 'asc' } });
    expect(lanes.map((l) => l.code)).toEqual(['KT-N1', 'KT-N2', 'KT-N3', 'KT-P1', 'KT-X1', 'KT-X2']);
    expect(lanes.find((l) => l.code === 'KT-P1')).toMatchObject({ direction: 'exit', classes: ['perishable'], status: 'open' });
    expect(lanes.find((l) => l.code === 'KT-X2')?.capabilities).toEqual(['gate', 'documents', 'xray', 'physical', 'quarantine']);

    const users = await db.prisma.user.findMany({ include: { driver: true } });
    expect(users.map((u) => `${u.username}:${u.role}`).sort()).toEqual([
      'admin1:admin', 'borderguard1:agency', 'customs1:agency', 'driver1:driver', 'driver2:driver', 'farside1:agency',
      'fleet-driver1:driver', 'fleet-driver2:driver', 'fleet-operator:operator', 'fleetadmin1:driver', 'manager1:manager',
      'operator1:operator', 'quarantine1:agency',
    ]);
    const driver1 = users.find((u) => u.username === 'driver1')!;
    expect(await bcrypt.compare('demo', driver1.passwordHash)).toBe(true);
    expect(driver1.driver?.id).toBe(result.drivers.driver1);

    const policy = await db.prisma.policyVersion.findFirstOrThrow({ where: { gateId: result.gateId } });
    expect(policy.version).toBe(1);
    expect(ZPolicyConfigSchema.parse(policy.config)).toEqual(DEFAULT_POLICY);
  });

  it('uses identifiers that pass the contracts validators', async () => {
    for (const v of await db.prisma.vehicle.findMany()) {
      const check = v.kind === 'trailer' ? checkTrailerPlate(v.plateDisplay) : checkPlate(v.plateDisplay);
      expect(check).toEqual({ ok: true, value: v.plate });
    }
    for (const c of await db.prisma.company.findMany()) expect(checkTaxCode(c.taxCode)).toEqual({ ok: true, value: c.taxCode });
    for (const d of await db.prisma.driver.findMany()) expect(checkPhone(d.phone)).toEqual({ ok: true, value: d.phone });
  });

  it('is idempotent: seeding again changes nothing and keeps passwords and lane status', async () => {
    const before = await db.prisma.user.findMany({ orderBy: { username: 'asc' } });
    await db.prisma.lane.update({ where: { code: 'KT-X1' }, data: { status: 'paused' } });
    const again = await seedKimThanh(db.prisma, { demoPassword: 'other', env: {} });
    expect(await counts()).toEqual({ gates: 1, yards: 1, lanes: 6, companies: 3, users: 13, drivers: 4, vehicles: 4, policies: 1 });
    const after = await db.prisma.user.findMany({ orderBy: { username: 'asc' } });
    expect(after.map((u) => u.passwordHash)).toEqual(before.map((u) => u.passwordHash));
    expect(again.users).toEqual(Object.fromEntries(before.map((u) => [u.username, u.id])));
    expect((await db.prisma.lane.findUniqueOrThrow({ where: { code: 'KT-X1' } })).status).toBe('paused');
  });
});

describe('demo password policy', () => {
  it('refuses demo users in production unless SEED_DEMO_PASSWORD is set', () => {
    expect(demoPasswordFor({ env: { NODE_ENV: 'production' } })).toBeNull();
    expect(demoPasswordFor({ demoPassword: 'demo', env: { NODE_ENV: 'production' } })).toBeNull();
    expect(demoPasswordFor({ env: { NODE_ENV: 'production', SEED_DEMO_PASSWORD: 's3cret-demo' } })).toBe('s3cret-demo');
    expect(demoPasswordFor({ env: {} })).toBe('demo');
    expect(demoPasswordFor({ demoPassword: 'x', env: { SEED_DEMO_PASSWORD: 'y' } })).toBe('x');
  });

  it('seeds the gate but no users in production without SEED_DEMO_PASSWORD', async () => {
    const db = await openTestDatabase();
    try {
      const result = await seedKimThanh(db.prisma, { env: { NODE_ENV: 'production' } });
      expect(result.demoUsersSeeded).toBe(false);
      expect(await db.prisma.user.count()).toBe(0);
      expect(await db.prisma.lane.count()).toBe(6);
    } finally {
      await db.close();
    }
  });
});
