/**
 * A gate's ledger lost (a Redis flush, a failover to an empty replica, a fresh Redis): the steps
 * that find it so wait for one rebuild from the database. Those of the process that rebuilds wait
 * for that rebuild itself, not for their next look at the marker 25 ms later: a release storm's
 * first wave once waited ~30 ms on a ~15 ms rebuild, its p99 with it (issue 12).
 */
import { describe, expect, it } from 'vitest';
import { redisMonitor, testRedisUrl } from '@borderflow/testkit/testing';
import { useLedgerStores } from '../testing/use-ledger-stores.ts';
import { SlotLedger, type LedgerBooking } from './slot-ledger.ts';

const stores = useLedgerStores();

const TOGETHER = 8;

describe('a lost ledger', () => {
  it(`${TOGETHER} steps that find it lost together wait for one rebuild: one try of the lock, each answered as if it had been there`, async () => {
    const ledger = new SlotLedger(stores.redis.redis, stores.redis.prefix, { account: 100, company: 100 }, undefined, stores.db.prisma);
    const slotStart = Date.parse('2026-12-08T02:00:00Z');
    const bookings: LedgerBooking[] = Array.from({ length: TOGETHER }, (_, i) => ({
      id: `b${i}`, vehicleId: `v${i}`, driverId: `d${i}`, accountId: 'a', companyId: null, slotStart, direction: 'exit', slotClass: 'ordinary',
    }));
    const monitor = await redisMonitor(testRedisUrl());
    const locks: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua' && args[0]?.toUpperCase() === 'SET' && args[1] === `${ledger.builtKey('KT')}:rebuilding`) locks.push(args);
    });
    let answers: string[];
    try {
      // Never built in this Redis: the first step of each answers 'unbuilt'.
      answers = await Promise.all(bookings.map((b) => ledger.book('KT', b, TOGETHER - 2)));
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      monitor.disconnect();
    }
    expect(answers.filter((a) => a === 'ok')).toHaveLength(TOGETHER - 2);
    expect(answers.filter((a) => a === 'full')).toHaveLength(2);
    // One per step while each looked at the lock and the marker on its own.
    expect(locks).toHaveLength(1);
  });
});
