/**
 * One active booking per vehicle is enforced by the partial unique index
 * `trips_one_active_per_vehicle` (SQL only; Prisma cannot express it).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors.ts';
import { seedKimThanh, type SeedResult } from './seed.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

describe('one active trip per vehicle', () => {
  let db: TestDatabase;
  let seed: SeedResult;
  beforeAll(async () => {
    db = await openTestDatabase();
    seed = await seedKimThanh(db.prisma, { demoPassword: 'demo', env: {} });
  });
  afterAll(() => db?.close());

  const newTrip = (vehicleId: string) => ({
    gateId: seed.gateId,
    direction: 'exit' as const,
    priorityClass: 'ordinary' as const,
    vehicleId,
    driverId: seed.drivers.driver1!,
    createdById: seed.users.driver1!,
    expectedArrival: new Date(),
    stages: ['documents', 'gate'],
    qrToken: randomUUID(),
  });

  it('rejects a second active trip for the same vehicle, and allows one after the first has crossed', async () => {
    const truck = seed.vehicles['24C12345']!;
    const first = await db.prisma.trip.create({ data: newTrip(truck) });
    expect(first.state).toBe('registered');
    expect(first.stages).toEqual(['documents', 'gate']);

    const second = await db.prisma.trip.create({ data: newTrip(truck) }).catch((e: unknown) => e);
    expect(isUniqueViolation(second)).toBe(true);
    expect(isUniqueViolation(second, 'trips_one_active_per_vehicle')).toBe(true);
    expect(isUniqueViolation(second, 'trips_qr_token_key')).toBe(false);

    // Still blocked in a live state.
    await db.prisma.trip.update({ where: { id: first.id }, data: { state: 'exit_queue' } });
    await expect(db.prisma.trip.create({ data: newTrip(truck) })).rejects.toSatisfy(isUniqueViolation);

    await db.prisma.trip.update({ where: { id: first.id }, data: { state: 'crossed', crossedAt: new Date() } });
    const third = await db.prisma.trip.create({ data: newTrip(truck) });
    expect(third.state).toBe('registered');
  });

  it('does not limit different vehicles', async () => {
    await db.prisma.trip.create({ data: newTrip(seed.vehicles['24C67890']!) });
    await db.prisma.trip.create({ data: newTrip(seed.vehicles['云GA1234']!) });
    expect(await db.prisma.trip.count({ where: { state: 'registered' } })).toBe(3);
  });
});
